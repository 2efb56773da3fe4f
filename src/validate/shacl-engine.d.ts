// Type declarations for shacl-engine (untyped): only what the validator calls.

declare module 'shacl-engine' {
  import type { DatasetCore, Term } from '@rdfjs/types';

  export interface ValidationResultEntry {
    focusNode?: { term: Term };
    path?: Array<{ predicates: Term[] }>;
    message?: Term[];
    severity?: Term;
    constraintComponent?: Term;
    value?: { term: Term };
  }

  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: unknown; debug?: boolean; details?: boolean });
    validate(data: {
      dataset: DatasetCore;
      terms?: Term[];
    }): Promise<{ conforms: boolean; results: ValidationResultEntry[] }>;
  }
}
