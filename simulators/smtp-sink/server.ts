/**
 * Local SMTP sink: accepts every message on the SMTP port and keeps it, so the local run and the tests can see the
 * e-mails DigiSoc sends (alerts, reminders) without a real mail server. `GET /messages` on the HTTP port lists them;
 * `DELETE /messages` clears them.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { SMTPServer } from 'smtp-server';
import { pino } from 'pino';

interface ReceivedMail {
  id: number;
  receivedAt: string;
  from: string | null;
  to: string[];
  subject: string | null;
  raw: string;
}

const smtpPort = Number(process.env.DIGISOC_SMTP_PORT ?? 2525);
const httpPort = Number(process.env.DIGISOC_SMTP_SINK_HTTP_PORT ?? 2580);
const logger = pino({ name: 'smtp-sink', level: process.env.DIGISOC_LOG_LEVEL || 'info' });
const messages: ReceivedMail[] = [];
let nextId = 1;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const subject = /^Subject: (.*)$/im.exec(raw)?.[1]?.trim() ?? null;
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
      messages.push({
        id: nextId++,
        receivedAt: new Date().toISOString(),
        from,
        to: session.envelope.rcptTo.map((r) => r.address),
        subject,
        raw,
      });
      logger.info({ to: session.envelope.rcptTo.length, subject }, 'mail received');
      callback();
    });
  },
});
smtp.listen(smtpPort, '127.0.0.1', () => logger.info({ smtpPort }, 'SMTP sink listening'));

const app = new Hono();
app.get('/health', (c) => c.json({ status: 'ok' }));
app.get('/messages', (c) => c.json(messages));
app.delete('/messages', (c) => {
  messages.length = 0;
  return c.body(null, 204);
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: httpPort });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => smtp.close(() => process.exit(0)));
}
