// The failure converter of client, worker and workflow bundle: failure messages and stack traces go
// into an encoded payload, so the payload codec encrypts them too (they can quote case data).
import { DefaultFailureConverter } from '@temporalio/common';

/** Loaded by the SDK through `failureConverterPath` (inside the workflow sandbox as well). */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
