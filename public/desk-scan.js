// The check-in desk's camera scanner: where the browser can read QR codes (BarcodeDetector),
// a button opens the camera; a scanned check-in code goes into the search box, which then
// finds the person as if the code had been typed. Elsewhere the button stays hidden.
(function () {
  const button = document.getElementById('scan');
  const search = document.getElementById('q');
  if (!button || !search || !('BarcodeDetector' in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  let stream = null;
  const video = document.createElement('video');
  video.setAttribute('playsinline', '');
  video.className = 'scan-video';
  const stop = () => {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    video.remove();
  };
  button.addEventListener('click', async () => {
    if (stream) return stop();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch (e) {
      return;
    }
    const detector = new BarcodeDetector({ formats: ['qr_code'] });
    video.srcObject = stream;
    button.after(video);
    await video.play();
    const look = async () => {
      if (!stream) return;
      const found = await detector.detect(video).catch(() => []);
      if (found.length > 0) {
        search.value = found[0].rawValue;
        search.dispatchEvent(new Event('input', { bubbles: true }));
        if (search.form) search.form.requestSubmit();
        return stop();
      }
      setTimeout(look, 250);
    };
    look();
  });
})();
