import { useState } from 'react';
import {
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
import type { DealCoSellState, RegisterRequest } from '../shared/card-api';
import { formatMoney } from '../shared/format-money';
import type { ApiError } from '../shared/hubspot-fetcher';
import { ApiErrorAlert } from '../shared/api-error-alert';
import { MODEL_LABELS, roleList } from '../shared/labels';

/**
 * Co-sell registration: protects every partner at once by recording roles, expected contributions and
 * the split as of now, so "I registered it first" has a factual answer.
 */
export function RegistrationSection(props: {
  state: DealCoSellState;
  saving: boolean;
  error: ApiError | null;
  onRegister: (request: RegisterRequest) => void;
}) {
  const { state } = props;
  const [contributions, setContributions] = useState<Record<string, string>>({});
  const registration = state.registration;

  if (registration) {
    return (
      <Flex direction="column" gap="sm" testId="registration">
        <Flex direction="row" justify="between" align="center">
          <Heading>Registration</Heading>
          <Tag variant="success">Registered</Tag>
        </Flex>
        <DescriptionList direction="row">
          <DescriptionListItem label="Registered">
            <Text>{registration.registeredAt.slice(0, 10)}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="By user">
            <Text>{registration.registeredBy}</Text>
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
      </Flex>
    );
  }

  return (
    <Flex direction="column" gap="sm" testId="registration">
      <Heading>Registration</Heading>
      <Text variant="microcopy">Not registered yet. Registering records each partner&apos;s role, expected contribution and today&apos;s split.</Text>
      {state.partners.map((p) => (
        <Input
          key={p.companyId}
          label={`Expected contribution of ${p.name}`}
          name={`contribution-${p.companyId}`}
          value={contributions[p.companyId] ?? ''}
          onChange={(value) => setContributions((c) => ({ ...c, [p.companyId]: value }))}
        />
      ))}
      {props.error ? <ApiErrorAlert title="The co-sell was not registered" error={props.error} /> : null}
      <Flex direction="row">
        <Button
          variant="primary"
          testId="register"
          disabled={state.partners.length === 0 || props.saving}
          onClick={() =>
            props.onRegister({
              confirmConflict: false,
              expectedContributions: Object.entries(contributions)
                .filter(([, text]) => text.trim() !== '')
                .map(([companyId, contribution]) => ({ companyId, contribution: contribution.trim() })),
            })
          }
        >
          {props.saving ? 'Registering…' : 'Register co-sell'}
        </Button>
      </Flex>
    </Flex>
  );
}
