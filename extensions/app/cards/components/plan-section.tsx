import { useState } from 'react';
import {
  Button,
  Checkbox,
  Flex,
  Heading,
  NumberInput,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { Assignee, CoSellPlan, DealCoSellState, PartnerCommitment } from '@cosell/contract';
import type { ApiError, FieldLabeler } from '@cosell/card-kit';
import { ApiErrorAlert, pathParts } from '@cosell/card-kit';

/** The API's limits on a partner's response SLA (whole hours), mirrored so the form refuses what the API would. */
const SLA_MIN_HOURS = 1;
const SLA_MAX_HOURS = 720;
const slaProblem = (name: string, hours: number): string | null =>
  !Number.isFinite(hours)
    ? `${name}'s response SLA is required`
    : !Number.isInteger(hours)
      ? `${name}'s response SLA must be a whole number of hours`
      : hours < SLA_MIN_HOURS
        ? `${name}'s response SLA must be at least ${SLA_MIN_HOURS} hour`
        : hours > SLA_MAX_HOURS
          ? `${name}'s response SLA must be at most ${SLA_MAX_HOURS} hours`
          : null;

const UNASSIGNED = 'unassigned';
const encode = (a: Assignee | null): string => (a === null ? UNASSIGNED : a.kind === 'partner' ? `partner:${a.companyId}` : `internal:${a.ownerId}`);
const decode = (value: string): Assignee | null => {
  const [kind, id] = value.split(':');
  if (!id) return null;
  return kind === 'partner' ? { kind: 'partner', companyId: id } : { kind: 'internal', ownerId: id };
};

/**
 * The co-sell plan: relationship owner, a lead per sales stage, post-sale owners and each partner's
 * commitments, with what is still unassigned. Saved as a whole.
 */
export function PlanSection(props: {
  state: DealCoSellState;
  userId: string;
  saving: boolean;
  error: ApiError | null;
  onSave: (plan: CoSellPlan) => void;
}) {
  const { state } = props;
  const [plan, setPlan] = useState<CoSellPlan>(state.plan);
  const dirty = JSON.stringify(plan) !== JSON.stringify(state.plan);

  const internalIds = new Set<string>([props.userId]);
  const collect = (a: Assignee | null) => {
    if (a?.kind === 'internal') internalIds.add(a.ownerId);
  };
  collect(plan.relationshipOwner);
  plan.stageLeads.forEach((s) => collect(s.lead));
  collect(plan.postSale.onboarding);
  collect(plan.postSale.support);
  collect(plan.postSale.renewal);
  const options = [
    { label: 'Unassigned', value: UNASSIGNED },
    ...[...internalIds].map((id) => ({ label: id === props.userId ? 'Us (you)' : `Us (${state.userNames?.[id] ?? `user ${id}`})`, value: `internal:${id}` })),
    ...state.partners.map((p) => ({ label: p.name, value: `partner:${p.companyId}` })),
  ];

  // Leads are asked for only where they can still matter: the current stage and the open ones after
  // it (from the backend, in pipeline order). Leads saved for stages already passed stay in the plan.
  const stages: { id: string; label: string }[] =
    state.stagesAhead?.map((st) => ({ id: st.stageId, label: st.label })) ??
    (state.deal.stageId && !state.deal.isClosed ? [{ id: state.deal.stageId, label: state.deal.stageLabel ?? 'Current stage' }] : []);

  const setStageLead = (stageId: string, value: string) => {
    const lead = decode(value);
    setPlan((p) => ({
      ...p,
      stageLeads: [
        ...p.stageLeads.filter((s) => s.stageId !== stageId),
        ...(lead ? [{ stageId, lead }] : []),
      ],
    }));
  };
  const commitmentOf = (companyId: string): PartnerCommitment =>
    plan.commitments.find((c) => c.companyId === companyId) ?? { companyId, responseSlaHours: 24, meetingAttendance: false };
  const setCommitment = (next: PartnerCommitment) =>
    setPlan((p) => ({ ...p, commitments: [...p.commitments.filter((c) => c.companyId !== next.companyId), next] }));
  const partnerName = (companyId: string | undefined) => state.partners.find((p) => p.companyId === companyId)?.name ?? (companyId ? `Company ${companyId}` : 'A partner');
  const stageName = (stageId: string | undefined) => stages.find((s) => s.id === stageId)?.label ?? 'a stage';
  const slaProblems = state.partners.map((p) => slaProblem(p.name, commitmentOf(p.companyId).responseSlaHours)).filter((m): m is string => m !== null);
  // The backend's paths point into the plan that was sent, which is the plan still in the form.
  const labeler: FieldLabeler = (path) => {
    const [head, index, leaf] = pathParts(path);
    if (head === 'commitments' && typeof index === 'number') {
      const name = partnerName(plan.commitments[index]?.companyId);
      if (leaf === 'responseSlaHours') return { label: `${name}'s response SLA`, unit: 'hour' };
      if (leaf === 'meetingAttendance') return { label: `${name}'s meeting attendance` };
      return { label: name };
    }
    if (head === 'stageLeads' && typeof index === 'number') return { label: `The lead for ${stageName(plan.stageLeads[index]?.stageId)}` };
    if (head === 'relationshipOwner') return { label: 'The relationship owner' };
    if (head === 'postSale' && typeof index === 'string') return { label: `The post-sale ${index} owner` };
    return null;
  };
  const postSale = (key: keyof CoSellPlan['postSale'], label: string) => (
    <Select
      label={label}
      name={`post-sale-${key}`}
      options={options}
      value={encode(plan.postSale[key])}
      onChange={(value) => setPlan((p) => ({ ...p, postSale: { ...p.postSale, [key]: decode(String(value)) } }))}
    />
  );

  return (
    <Flex direction="column" gap="sm">
      <Heading>Co-sell plan</Heading>
      {state.unassigned.length > 0 ? (
        <Flex direction="row" gap="xs" wrap testId="unassigned">
          <Text inline format={{ fontWeight: 'demibold' }}>Still unassigned:</Text>
          {state.unassigned.map((item) => (
            <Tag key={item} variant="warning">{item}</Tag>
          ))}
        </Flex>
      ) : (
        <Tag variant="success" testId="unassigned">Every responsibility has an owner</Tag>
      )}
      <Flex direction="row" gap="sm" wrap>
        <Select
          label="Relationship owner"
          name="relationship-owner"
          options={options}
          value={encode(plan.relationshipOwner)}
          onChange={(value) => setPlan((p) => ({ ...p, relationshipOwner: decode(String(value)) }))}
        />
        {postSale('onboarding', 'Post-sale: onboarding')}
        {postSale('support', 'Post-sale: support')}
        {postSale('renewal', 'Post-sale: renewal')}
      </Flex>
      {stages.length === 0 ? (
        <Text variant="microcopy" testId="no-stages-ahead">
          {state.deal.isClosed ? 'The deal is closed: no stages left to lead.' : 'Stage leads can be named once HubSpot answers with the pipeline.'}
        </Text>
      ) : (
        <Table bordered testId="stage-leads">
          <TableHead>
            <TableRow>
              <TableHeader>Sales stage</TableHeader>
              <TableHeader>Lead</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {stages.map((stage) => (
              <TableRow key={stage.id}>
                <TableCell>
                  {stage.label}
                  {stage.id === state.deal.stageId ? <Tag variant="info">Current</Tag> : null}
                </TableCell>
                <TableCell>
                  <Select
                    label={`Lead for ${stage.label}`}
                    name={`stage-lead-${stage.id}`}
                    options={options}
                    value={encode(plan.stageLeads.find((s) => s.stageId === stage.id)?.lead ?? null)}
                    onChange={(value) => setStageLead(stage.id, String(value))}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {state.partners.length > 0 ? (
        <Table bordered>
          <TableHead>
            <TableRow>
              <TableHeader>Partner commitments</TableHeader>
              <TableHeader>Response SLA (hours)</TableHeader>
              <TableHeader>Meetings</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {state.partners.map((partner) => {
              const c = commitmentOf(partner.companyId);
              return (
                <TableRow key={partner.companyId}>
                  <TableCell>{partner.name}</TableCell>
                  <TableCell>
                    <NumberInput
                      label={`Response SLA of ${partner.name}`}
                      name={`sla-${partner.companyId}`}
                      min={SLA_MIN_HOURS}
                      max={SLA_MAX_HOURS}
                      precision={0}
                      value={c.responseSlaHours}
                      error={slaProblem(partner.name, c.responseSlaHours) !== null}
                      validationMessage={slaProblem(partner.name, c.responseSlaHours) ?? undefined}
                      onChange={(value) => setCommitment({ ...c, responseSlaHours: value })}
                    />
                  </TableCell>
                  <TableCell>
                    <Checkbox
                      name={`meetings-${partner.companyId}`}
                      checked={c.meetingAttendance}
                      onChange={(checked) => setCommitment({ ...c, meetingAttendance: checked })}
                    >
                      Attends customer meetings
                    </Checkbox>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
      {props.error ? <ApiErrorAlert title="The plan was not saved" error={props.error} labeler={labeler} /> : null}
      <Flex direction="row" gap="sm">
        <Button variant="primary" testId="save-plan" disabled={!dirty || props.saving || slaProblems.length > 0} onClick={() => props.onSave(plan)}>
          {props.saving ? 'Saving…' : 'Save plan'}
        </Button>
      </Flex>
    </Flex>
  );
}
