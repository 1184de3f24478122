// Reading the emails Plenary sent to the test SMTP server.
import { expect } from '@playwright/test';

export type Mail = { to: string[]; subject: string; text: string; attachments: { filename: string; contentType: string }[] };

export async function mailsTo(address: string): Promise<Mail[]> {
  const res = await fetch('http://127.0.0.1:2580/messages');
  const all = (await res.json()) as Mail[];
  return all.filter((m) => m.to.includes(address.toLowerCase()));
}

/** Waits for an email to `address` whose subject contains `subject`; returns the newest. */
export async function waitForMail(address: string, subject: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(async () => {
      found = (await mailsTo(address)).reverse().find((m) => m.subject.includes(subject));
      return found !== undefined;
    }, { timeout: 20_000, message: `an email "${subject}" to ${address}` })
    .toBe(true);
  return found!;
}

export function link(mail: Mail, path: string): string {
  const match = mail.text.match(new RegExp(`https?://\\S+/${path}/[A-Za-z0-9_-]{43}`));
  expect(match, `a /${path}/ link in "${mail.subject}"`).not.toBeNull();
  return match![0];
}
