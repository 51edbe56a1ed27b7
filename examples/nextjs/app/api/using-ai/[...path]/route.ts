// The proxy as a Next.js route handler: POST /api/using-ai/chat/completions, GET /api/using-ai/models, and the
// durable-stream routes GET (resume) and DELETE (stop) /api/using-ai/chat/completions/{streamId}.
// The browser talks to this route only; the key stays on the server.
import { getProxy } from '../../../../lib/proxy';

// Every request goes upstream: nothing here may be prerendered or cached at build time.
export const dynamic = 'force-dynamic';

// Next passes a second argument ({ params }); the proxy only takes the Request.
export async function GET(request: Request): Promise<Response> {
  return (await getProxy())(request);
}

export async function POST(request: Request): Promise<Response> {
  return (await getProxy())(request);
}

export async function DELETE(request: Request): Promise<Response> {
  return (await getProxy())(request);
}
