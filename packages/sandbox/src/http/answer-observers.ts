// What happens after every answer (the metrics count it, the journal records it) is called from
// the server's one onSend hook rather than from hooks of their own: each Fastify hook costs every
// request, and one loop over a short list costs almost nothing.
import type { FastifyReply, FastifyRequest } from "fastify";

export type AnswerObserver = (request: FastifyRequest, reply: FastifyReply) => void;

export interface AnswerObservers {
  add(observer: AnswerObserver): void;
  notify(request: FastifyRequest, reply: FastifyReply): void;
}

export function answerObservers(): AnswerObservers {
  const list: AnswerObserver[] = [];
  return {
    add: (observer) => void list.push(observer),
    notify(request, reply) {
      for (let i = 0; i < list.length; i++) list[i]!(request, reply);
    },
  };
}
