// The Host header, checked once for every request before any route (http/origin.ts says what is valid):
// an invalid or missing Host is a 400 whatever the path.

import type { RequestHandler } from 'express';
import { HttpError } from '../http-error.ts';
import { hostProblem } from '../origin.ts';

export const requestHost: RequestHandler = (req, _res, next) => {
  const problem = hostProblem(req);
  if (problem) throw new HttpError(400, problem);
  next();
};
