// A tool that needs the user's approval before it runs: the chat pauses with the call in state
// `awaiting-approval`, and its card shows Approve and Deny. The demo only pretends to send.
import { stringArg } from './parse-args';

export const sendEmail = {
  description:
    'Sends an e-mail on the user’s behalf (demo: nothing leaves the browser). Needs the user’s approval.',
  parameters: {
    type: 'object',
    properties: {
      to: { type: 'string', description: 'Recipient address' },
      subject: { type: 'string', description: 'Subject line' },
    },
    required: ['to', 'subject'],
    additionalProperties: false,
  },
  needsApproval: true,
  execute: async (args: unknown) => ({
    sent: true,
    to: stringArg(args, 'to'),
    subject: stringArg(args, 'subject'),
  }),
};
