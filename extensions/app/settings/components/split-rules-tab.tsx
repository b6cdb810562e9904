import { useState } from 'react';
import { Alert, Divider, Flex, LoadingSpinner, Tag, Text } from '@hubspot/ui-extensions';
import type { DealPipelineList, PublishedRuleSet, RuleSetList, ValidateRuleSetResponse } from '@cosell/contract';
import { LoadError, useAction, useResource } from '@cosell/card-kit';
import type { SettingsTabProps } from './settings-tab-props';
import { RuleSetEditor } from './rule-set-editor';
import type { PublishPreview } from './rule-set-editor';
import type { SimulationState } from './incentives-simulation-panel';
import { publisherText, RuleSetHistory } from './rule-set-history';
import { defaultEffectiveFrom, documentFromForm, formFromDocument, formFromDraft, nextVersion } from './rule-set-form';
import type { RuleSetForm } from './rule-set-form';

/** The "Split rules" tab: edit, validate and publish the rule set with confirmation, and its history. */
export function SplitRulesTab({ actions, api, today }: SettingsTabProps) {
  const resource = useResource<RuleSetList>('rule-sets', () => api.listRuleSets());
  const pipelines = useResource<DealPipelineList>('deal-pipelines', () => api.listDealPipelines());
  const action = useAction();
  const [validation, setValidation] = useState<ValidateRuleSetResponse | null>(null);
  const [startFrom, setStartFrom] = useState<{ form: RuleSetForm; key: string } | null>(null);
  const [preview, setPreview] = useState<PublishPreview>(null);
  const [simulation, setSimulation] = useState<SimulationState>(null);
  const { state } = resource;

  if (state.status === 'loading') return <LoadingSpinner label="Loading split rules…" showLabel layout="centered" />;
  if (state.status === 'error') {
    return <LoadError what="the split rules" error={state.error} onRetry={resource.reload} />;
  }
  const list = state.data;
  const latest = list.published[0];
  const draft = list.drafts[0];
  const draftForm = draft ? formFromDraft(draft.ruleSet) : null;
  const taken = { versions: list.published.map((p) => p.version), dates: list.published.map((p) => p.effectiveFrom) };
  const inForce = list.published.find((p) => p.version === list.inForce) ?? null;
  // A new version starts valid: a free effective date after the rules in force, and the next free label.
  const newVersionFrom = (p: PublishedRuleSet): RuleSetForm => {
    const effectiveFrom = defaultEffectiveFrom(inForce?.effectiveFrom ?? null, today, taken.dates);
    return { ...formFromDocument(p.ruleSet), effectiveFrom, version: nextVersion(latest?.version ?? p.version, effectiveFrom, taken.versions) };
  };
  const initial: { form: RuleSetForm; key: string } | null =
    startFrom ??
    (draft && draftForm
      ? { form: draftForm, key: `draft:${draft.id}:${draft.updatedAt}` }
      : latest
        ? { form: newVersionFrom(latest), key: `published:${latest.id}` }
        : null);

  const saveDraft = async (form: RuleSetForm) => {
    const doc = documentFromForm(form);
    return draft ? action.run(() => api.updateRuleSetDraft(draft.id, doc)) : action.run(() => api.createRuleSetDraft(doc));
  };

  return (
    <Flex direction="column" gap="md">
      {state.status === 'stale' ? (
        <Alert title={state.error ? 'Showing the last loaded rules' : 'Refreshing…'} variant="warning">
          <Text>{state.error?.message ?? 'These rules may be out of date.'}</Text>
        </Alert>
      ) : null}
      <Flex direction="row" gap="sm" align="center">
        <Text format={{ fontWeight: 'demibold' }}>Rules in force:</Text>
        <Tag variant={list.inForce ? 'success' : 'warning'} testId="in-force">
          {list.inForce ?? 'none'}
        </Tag>
        {draft ? (
          <Tag variant="info" testId="draft-saved">
            {`Draft saved ${draft.updatedAt.slice(0, 10)} by ${publisherText(draft.updatedBy, draft.updatedByName)}`}
          </Tag>
        ) : null}
      </Flex>
      {initial ? (
        <RuleSetEditor
          key={initial.key}
          initial={initial.form}
          taken={taken}
          busy={action.pending}
          validation={validation}
          error={action.error}
          preview={preview}
          pipelines={pipelines.state}
          simulation={simulation}
          onSimulate={(form) => {
            const doc = documentFromForm(form);
            const rules = JSON.stringify(doc);
            setSimulation({ status: 'loading', rules });
            void api
              .simulateIncentives(doc)
              .then((r) => setSimulation(r.ok ? { status: 'ready', rules, result: r.data } : { status: 'failed', rules, message: r.error.message }));
          }}
          onPreview={(form) => {
            setPreview({ status: 'loading' });
            void api.dryRunRuleSet(documentFromForm(form)).then((r) => setPreview(r.ok ? { status: 'ready', dryRun: r.data } : { status: 'failed' }));
          }}
          onValidate={(form) =>
            void action.run(() => api.validateRuleSet(documentFromForm(form))).then((result) => setValidation(result))
          }
          onSaveDraft={(form) =>
            void saveDraft(form).then((saved) => {
              if (!saved) return;
              actions.addAlert({ type: 'success', message: `Draft ${form.version} saved.` });
              resource.reload();
            })
          }
          onPublish={(form) =>
            void (async () => {
              setValidation(null);
              const saved = await saveDraft(form);
              if (!saved) return;
              if (saved.problems.length > 0) {
                setValidation({ valid: false, errors: saved.problems, warnings: [], changes: [] });
                return;
              }
              const published = await action.run(() => api.publishRuleSetDraft(saved.id));
              if (!published) return;
              const n = published.dealsRecomputed;
              actions.addAlert({
                type: 'success',
                title: `Version ${published.published.version} published`,
                message:
                  `${n} open partner deal${n === 1 ? '' : 's'} recomputed under ${published.published.version}.` +
                  (published.dealsPending > 0 ? ` ${published.dealsPending} more are being recomputed in the background.` : ''),
              });
              setPreview(null);
              setStartFrom(null);
              resource.reload();
            })()
          }
        />
      ) : (
        <Text>No rule set yet.</Text>
      )}
      <Divider />
      <RuleSetHistory
        published={list.published}
        inForce={list.inForce}
        pipelineLabels={pipelines.state.status === 'ready' || pipelines.state.status === 'stale' ? new Map(pipelines.state.data.pipelines.map((p) => [p.id, p.label])) : undefined}
        onStartFrom={(p: PublishedRuleSet) =>
          setStartFrom({ form: newVersionFrom(p), key: `from:${p.id}:${Date.now()}` })
        }
      />
    </Flex>
  );
}
