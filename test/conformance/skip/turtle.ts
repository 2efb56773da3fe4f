// Known failures of N3.js (as we configure it) on the W3C Turtle suite: test IRI → reason.

import type { SkipList } from '../support/suite.ts';

export const TURTLE_SKIPS: SkipList = {};
