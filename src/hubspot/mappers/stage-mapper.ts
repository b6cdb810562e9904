/**
 * Pipelines → StageInfo. Stage `metadata` is a string map (docs/hubspot.md §4.9):
 * `probability` "0.0".."1.0" and `isClosed` "true"/"false". Closed won = closed with probability 1.
 */
import { z } from 'zod';
import type { Result } from '../../domain';
import type { StageInfo } from '../crm-gateway';

const stageSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  metadata: z.record(z.string(), z.string().nullish()).default({}),
});

export interface RawPipeline {
  id: string;
  stages: unknown[];
}

export function parsePipelineStages(pipeline: RawPipeline): Result<StageInfo[]> {
  const out: StageInfo[] = [];
  for (const [i, raw] of pipeline.stages.entries()) {
    const parsed = stageSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, errors: [{ path: `pipelines[${pipeline.id}].stages[${i}].${issue.path.map(String).join('.')}`, message: issue.message }] };
    }
    const { id, label, metadata } = parsed.data;
    const probabilityText = metadata['probability'];
    const probability = probabilityText === undefined || probabilityText === null || probabilityText === '' ? null : Number(probabilityText);
    if (probability !== null && !(probability >= 0 && probability <= 1)) {
      return { ok: false, errors: [{ path: `pipelines[${pipeline.id}].stages[${id}].metadata.probability`, message: `must be a number from 0 to 1, got "${probabilityText}"` }] };
    }
    const isClosed = metadata['isClosed'] === 'true';
    out.push({ pipelineId: pipeline.id, stageId: id, label, isClosed, isWon: isClosed && probability === 1, probability });
  }
  return { ok: true, value: out };
}
