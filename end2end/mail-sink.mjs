// A real SMTP server for the end-to-end tests: receives Plenary's emails on 127.0.0.1:2526 and
// shows them as JSON at http://127.0.0.1:2580/messages.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import http from 'node:http';

const messages = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
        });
        callback();
      })
      .catch(callback);
  },
});
smtp.listen(2526, '127.0.0.1');

http
  .createServer((req, res) => {
    if (req.url === '/messages') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(messages));
    } else {
      res.writeHead(200);
      res.end('mail sink');
    }
  })
  .listen(2580, '127.0.0.1');
