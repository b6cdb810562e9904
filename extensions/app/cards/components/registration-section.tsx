import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListItem,
  Flex,
  Heading,
  Input,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { DealCoSellState, RegisterRequest, Registration } from '@cosell/contract';
import { ApiErrorAlert, formatMoney, MODEL_LABELS, pathParts, roleList, useIdempotencyKey, userName } from '@cosell/card-kit';
import type { ApiError, FieldLabeler } from '@cosell/card-kit';

/** The API's length limits (RegisterRequest, WithdrawRegistrationRequest), mirrored in the inputs. */
const CONTRIBUTION_MAX = 1000;
const REASON_MAX = 1000;

const day = (iso: string) => iso.slice(0, 10);

const STATUS_TAGS: Record<Registration['status'], { label: string; variant: 'success' | 'warning' | 'default' }> = {
  open: { label: 'Registered', variant: 'success' },
  expired: { label: 'Expired', variant: 'warning' },
  withdrawn: { label: 'Withdrawn', variant: 'default' },
  superseded: { label: 'Superseded', variant: 'default' },
  closed: { label: 'Closed', variant: 'default' },
};

/** What the registration's status means for the rep, in one line. */
function statusLine(r: Registration): string {
  switch (r.status) {
    case 'open':
      return `Protects its partners until ${day(r.expiresAt)}${r.renewedAt ? ` (renewed on ${day(r.renewedAt)})` : ''}.`;
    case 'expired':
      return `Expired on ${day(r.expiresAt)}: it no longer protects its partners. Renew it to keep the claim.`;
    case 'withdrawn':
      return `Withdrawn on ${day(r.withdrawal?.at ?? r.expiresAt)}${r.withdrawal?.by ? ` by ${userName(r.withdrawal.by, r.withdrawal.byName)}` : ''}${r.withdrawal?.reason ? `: ${r.withdrawal.reason}` : ''}.`;
    case 'superseded':
      return 'Replaced by a later registration of this deal.';
    case 'closed':
      return 'Closed with the deal.';
  }
}

/**
 * Co-sell registration: protects every partner at once by recording roles, expected contributions and
 * the split as of now, so "I registered it first" has a factual answer. A registration lasts a set
 * term (renew it from here), can be withdrawn with a reason, and says when the deal's partners no
 * longer match it. Registering a deal in an account conflict asks for a confirmation first.
 */
export function RegistrationSection(props: {
  state: DealCoSellState;
  saving: boolean;
  error: ApiError | null;
  onRegister: (request: RegisterRequest) => void;
  onWithdraw: (reason: string) => void;
  onRenew: () => void;
}) {
  const { state } = props;
  const [contributions, setContributions] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const keys = useIdempotencyKey();
  const registration = state.registration;
  // A registration made, withdrawn or renewed ends the action: the next registration is a new one
  // with a new key. Compared with the previous value, not run on mount: effects may run late.
  const { done } = keys;
  const marker = `${registration?.id ?? ''}|${registration?.status ?? ''}`;
  const seen = useRef(marker);
  useEffect(() => {
    if (seen.current === marker) return;
    seen.current = marker;
    done();
  }, [done, marker]);
  const active = registration && (registration.status === 'open' || registration.status === 'expired');
  // The backend refused because the deal is in an account conflict: the user may confirm and register anyway.
  const needsConfirmation = props.error?.status === 409 && (props.error.fields ?? []).some((f) => f.path === 'confirmConflict');

  const sentContributions = () =>
    Object.entries(contributions)
      .filter(([, text]) => text.trim() !== '')
      .map(([companyId, contribution]) => ({ companyId, contribution: contribution.trim() }));
  const partnerName = (companyId: string | undefined) => state.partners.find((p) => p.companyId === companyId)?.name ?? (companyId ? `Company ${companyId}` : 'A partner');
  // The backend's paths point into the request, rebuilt here from the same inputs.
  const labeler: FieldLabeler = (path) => {
    const [head, index, leaf] = pathParts(path);
    if (head === 'expectedContributions' && typeof index === 'number') {
      const name = partnerName(sentContributions()[index]?.companyId);
      return { label: leaf === 'contribution' ? `${name}'s expected contribution` : name };
    }
    if (head === 'reason') return { label: 'The reason for withdrawing' };
    return null;
  };
  const tooLong = state.partners.filter((p) => (contributions[p.companyId] ?? '').trim().length > CONTRIBUTION_MAX);

  const register = (confirmConflict: boolean) => {
    const request = { expectedContributions: sentContributions(), confirmConflict };
    // The same key for the retry and for the confirmation of the same action: one registration at most.
    props.onRegister({ ...request, idempotencyKey: keys.keyFor(request.expectedContributions) });
  };

  const details = registration ? (
    <Flex direction="column" gap="sm">
      <Flex direction="row" justify="between" align="center">
        <Heading>Registration</Heading>
        <Tag variant={STATUS_TAGS[registration.status].variant} testId="registration-status">
          {STATUS_TAGS[registration.status].label}
        </Tag>
      </Flex>
      <Text testId="registration-status-line">{statusLine(registration)}</Text>
      {registration.changes.length > 0 ? (
        <Alert title="The registration no longer matches the deal" variant="warning" testId="registration-stale">
          <Text>{`${registration.registeredWith}; ${registration.changes.join('; ')}.`}</Text>
          <Text variant="microcopy">Withdraw it and register again so it protects the partners now on the deal.</Text>
        </Alert>
      ) : null}
      {registration.confirmedConflicts.length > 0 ? (
        <Text variant="microcopy" testId="registration-confirmed-conflicts">
          Registered despite an account conflict: {registration.confirmedConflicts.join(' ')}
        </Text>
      ) : null}
      <DescriptionList direction="row">
        <DescriptionListItem label="Registered">
          <Text>{day(registration.registeredAt)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Registered by">
          <Text testId="registered-by">{userName(registration.registeredBy, registration.registeredByName)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Model">
          <Text>{MODEL_LABELS[registration.model]}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Split at registration">
          <Text>
            {registration.split
              ? `${formatMoney(registration.split.pool.amount, registration.split.currency)} pool, rules v${registration.split.ruleVersion}`
              : 'Not computable at the time'}
          </Text>
        </DescriptionListItem>
      </DescriptionList>
      <Table bordered>
        <TableHead>
          <TableRow>
            <TableHeader>Partner</TableHeader>
            <TableHeader>Roles</TableHeader>
            <TableHeader>Expected contribution</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {registration.partners.map((p) => (
            <TableRow key={p.companyId}>
              <TableCell>{p.name}</TableCell>
              <TableCell>{roleList(p.roles)}</TableCell>
              <TableCell>{p.expectedContribution || '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {active ? (
        <Flex direction="row" gap="sm" align="end" wrap>
          <Button testId="renew-registration" disabled={props.saving} onClick={() => props.onRenew()}>
            {registration.status === 'expired' ? 'Renew registration' : 'Renew for another term'}
          </Button>
          <Input
            label="Reason for withdrawing"
            name="withdraw-reason"
            value={reason}
            onChange={setReason}
            error={reason.trim().length > REASON_MAX}
            validationMessage={reason.trim().length > REASON_MAX ? `The reason must be at most ${REASON_MAX} characters long` : undefined}
          />
          <Button testId="withdraw-registration" variant="destructive" disabled={props.saving || reason.trim() === '' || reason.trim().length > REASON_MAX} onClick={() => props.onWithdraw(reason.trim())}>
            Withdraw registration
          </Button>
        </Flex>
      ) : null}
      {active && props.error ? <ApiErrorAlert title="The registration was not changed" error={props.error} labeler={labeler} /> : null}
    </Flex>
  ) : null;

  if (active) return <Flex direction="column" gap="sm" testId="registration">{details}</Flex>;

  return (
    <Flex direction="column" gap="sm" testId="registration">
      {details ?? <Heading>Registration</Heading>}
      <Text variant="microcopy">
        {registration ? 'Register again to protect the partners now on the deal.' : 'Not registered yet.'} Registering records each partner&apos;s role,
        expected contribution and today&apos;s split.
      </Text>
      {state.partners.map((p) => (
        <Input
          key={p.companyId}
          label={`Expected contribution of ${p.name}`}
          name={`contribution-${p.companyId}`}
          value={contributions[p.companyId] ?? ''}
          error={tooLong.includes(p)}
          validationMessage={tooLong.includes(p) ? `${p.name}'s expected contribution must be at most ${CONTRIBUTION_MAX} characters long` : undefined}
          onChange={(value) => setContributions((c) => ({ ...c, [p.companyId]: value }))}
        />
      ))}
      {needsConfirmation && props.error ? (
        <Alert title="This deal is in an account conflict" variant="warning" testId="confirm-conflict">
          <Text>{props.error.message}</Text>
          <Button testId="register-anyway" disabled={props.saving} onClick={() => register(true)}>
            Register anyway
          </Button>
        </Alert>
      ) : props.error ? (
        <ApiErrorAlert title="The co-sell was not registered" error={props.error} labeler={labeler} />
      ) : null}
      <Flex direction="row">
        <Button variant="primary" testId="register" disabled={state.partners.length === 0 || props.saving || tooLong.length > 0} onClick={() => register(false)}>
          {props.saving ? 'Registering…' : 'Register co-sell'}
        </Button>
      </Flex>
    </Flex>
  );
}
