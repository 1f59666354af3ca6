/** Outgoing e-mail through SMTP (nodemailer): alerts and reminders. Locally the SMTP sink catches everything. */
import nodemailer from 'nodemailer';
import type { Config } from '../infra/config.js';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  /** Stable Message-ID, so a receiving system can drop a duplicate. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function createMailer(smtp: Config['smtp']): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from: smtp.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.messageId ? { messageId: message.messageId } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
      });
    },
    close() {
      transport.close();
    },
  };
}
