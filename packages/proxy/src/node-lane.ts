// The Node lane: what toNodeHandler does with a createProxy handler. The same decisions as the Fetch
// lane (createProxy's `decide`), read from the IncomingMessage and written to the ServerResponse
// without building a Request, Response, AbortSignal or web stream. With createNodeFetch upstream
// (NODE_UPSTREAM) the upstream call is node:http too, and its socket chunks go through the same
// scrub/usage transform straight to the client socket. Structural types only: no Node built-ins.
import { withHeaders } from './cors';
import { type DirectBody, type NodeUpstream, nodeUpstreamOf, transformDirect } from './direct-body';
import type { HeaderRecord } from './error-response';
import {
  encodingRefusal,
  errorBodyText,
  forwardUpstream,
  passThroughFor,
  upstreamErrorReply,
  upstreamFailure,
} from './forward';
import type { NodeRequestLike, NodeResponseLike } from './node-handler';
import {
  nodeBodySource,
  rawHeader,
  requestUrl,
  toRequest,
  writeDirect,
  writeHead,
  writeReply,
  writeResponse,
} from './node-io';
import { failedReply, type Outcome, type ProxyInternals, type UpstreamCall } from './proxy-internals';
import { collectBody, readBody } from './read-body';
import { clientResponseHeaders, isEventStream, upstreamRequestHeaders } from './upstream-headers';

/** The client's side of the exchange: whether it left, and what to stop when it does. */
interface Client {
  gone: boolean;
  onGone: (() => void) | undefined;
  signal(): AbortSignal;
}

export async function serveNode(
  internals: ProxyInternals,
  req: NodeRequestLike,
  res: NodeResponseLike,
  target: string,
): Promise<void> {
  const url = requestUrl(req, target);
  // The same parser the Fetch lane's `new Request(url)` uses: it throws for the same URLs.
  const pathname = new URL(url).pathname;
  const method = req.method ?? 'GET';
  const header = (name: string) => rawHeader(req.rawHeaders, name);

  let controller: AbortController | undefined;
  const client: Client = {
    gone: false,
    onGone: undefined,
    // Only app callbacks and the Fetch upstream need a signal; most requests never build one.
    signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (client.gone) controller.abort();
      }
      return controller.signal;
    },
  };
  res.on('close', () => {
    if (res.writableFinished) return;
    client.gone = true;
    controller?.abort();
    client.onGone?.();
  });

  let request: Request | undefined;
  let bodyRead = false;
  let outcome: Outcome;
  try {
    outcome = await internals.decide({
      pathname,
      method,
      header,
      clientAddress: req.socket?.remoteAddress,
      // Callbacks get a real Request. Built before the body is read, it owns the body, which is then
      // read through it (exactly the Fetch lane); built after, it carries no body.
      request: () => {
        request ??= toRequest(req, url, client.signal(), !bodyRead);
        return request;
      },
      readBody: (limits) => {
        bodyRead = true;
        if (request) return readBody(request, limits);
        return collectBody(header('content-length'), nodeBodySource(req), limits);
      },
    });
  } catch {
    // Never echo the thrown error: it may come from app callbacks or carry upstream details.
    outcome = { kind: 'reply', reply: failedReply() };
  }

  const extra = internals.cors?.headersFor(header);
  if (outcome.kind === 'reply') {
    writeReply(res, outcome.reply, extra);
    return;
  }
  if (outcome.kind === 'response') {
    const response = extra ? withHeaders(outcome.response, extra) : outcome.response;
    await writeResponse(response, res, client.signal());
    return;
  }
  const upstream = nodeUpstreamOf(internals.fetch);
  if (upstream) {
    await forwardNode(upstream, outcome.call, res, extra, client);
    return;
  }
  let response: Response;
  try {
    response = await forwardUpstream(outcome.call, client.signal(), internals.fetch);
  } catch {
    writeReply(res, failedReply(), extra);
    return;
  }
  await writeResponse(extra ? withHeaders(response, extra) : response, res, client.signal());
}

/** forwardUpstream's twin over node:http: the same deadline, failures, scrubbing and transform. */
async function forwardNode(
  upstream: NodeUpstream,
  call: UpstreamCall,
  res: NodeResponseLike,
  extra: HeaderRecord | undefined,
  client: Client,
): Promise<void> {
  let timedOut = false;
  let exchange: ReturnType<NodeUpstream>;
  try {
    exchange = upstream(call.url, {
      method: call.method,
      headers: upstreamRequestHeaders(call.apiKey, call.accept, call.body !== undefined),
      body: call.body,
    });
  } catch {
    writeReply(res, upstreamFailure(call.timeoutMs, false, client.gone), extra);
    return;
  }
  const timer = setTimeout(() => {
    timedOut = true;
    exchange.abort();
  }, call.timeoutMs);
  client.onGone = exchange.abort;
  if (client.gone) exchange.abort();

  let answer: Awaited<ReturnType<NodeUpstream>['response']>;
  try {
    answer = await exchange.response;
  } catch {
    client.onGone = undefined;
    writeReply(res, upstreamFailure(call.timeoutMs, timedOut, client.gone), extra);
    return;
  } finally {
    clearTimeout(timer);
  }

  const headers = clientResponseHeaders(answer.header, call.apiKey);
  if (answer.status < 200 || answer.status > 299) {
    client.onGone = undefined;
    let text = '';
    try {
      text = answer.body === null ? '' : await readText(answer.body);
    } catch {
      // A broken error body still gets the status through, reshaped.
    }
    writeReply(res, upstreamErrorReply(answer.status, text, headers, call.apiKey), extra);
    return;
  }
  const refused = encodingRefusal(answer.header('content-encoding'), call.apiKey);
  if (refused) {
    client.onGone = undefined;
    exchange.abort();
    writeReply(res, refused, extra);
    return;
  }
  if (answer.body === null) {
    client.onGone = undefined;
    writeReply(res, { status: answer.status, headers, body: null }, extra);
    return;
  }

  const corker = writeHead(res, answer.status, headers, extra, isEventStream(headers));
  const pipe = writeDirect(transformDirect(answer.body, passThroughFor(headers, call)), res, corker);
  client.onGone = pipe.cancel;
  if (client.gone) pipe.cancel();
  await pipe.done;
}

function readText(body: DirectBody): Promise<string> {
  return new Promise((resolve, reject) => {
    const collected = errorBodyText();
    const pipe = body.pipeTo({
      write(chunk) {
        if (collected.push(chunk)) return true;
        pipe.cancel();
        resolve(collected.text());
        return false;
      },
      end: () => resolve(collected.text()),
      fail: () => reject(new Error('The upstream error body broke off.')),
    });
  });
}
