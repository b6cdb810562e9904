import { useEffect, useState } from 'react';
import {
  Button,
  ButtonRow,
  EmptyState,
  Flex,
  Heading,
  MultiSelect,
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
import type { CoSellModel, DealCoSellState, Role, SetPartnersRequest } from '@cosell/contract';
import type { ApiError, FieldLabeler } from '@cosell/card-kit';
import { ApiErrorAlert, CO_SELL_MODELS, MODEL_LABELS, PARTNER_TYPE_LABELS, pathParts, ROLE_LABELS, ROLES } from '@cosell/card-kit';

interface DraftPartner {
  companyId: string;
  roles: Role[];
}

const roleOptions = ROLES.map((role) => ({ label: ROLE_LABELS[role], value: role }));
const AUTO = 'auto';
/** The partners as saved on the deal, in the shape of the draft (and of the save request). */
const savedPartners = (state: DealCoSellState): DraftPartner[] => state.partners.map((p) => ({ companyId: p.companyId, roles: [...p.roles] }));

/**
 * The partners on the deal and their roles. Edits stay local until "Save partners and roles", which
 * sends the whole list (the backend writes them as association labels and recomputes the split).
 * Only companies marked as partners are offered.
 */
export function PartnersSection(props: {
  state: DealCoSellState;
  saving: boolean;
  error: ApiError | null;
  onSave: (request: SetPartnersRequest) => void;
  /** Called with the unsaved partner list whenever it changes (null once it matches what is saved, or cannot be sent yet). */
  onDraftChange?: (request: SetPartnersRequest | null) => void;
}) {
  const { state } = props;
  const [draft, setDraft] = useState<DraftPartner[]>(() => savedPartners(state));
  const [model, setModel] = useState<CoSellModel | null>(state.model);
  const [newCompanyId, setNewCompanyId] = useState<string>('');
  const [newRoles, setNewRoles] = useState<Role[]>([]);

  const nameOf = (companyId: string) =>
    state.partners.find((p) => p.companyId === companyId)?.name ??
    state.partnerCompanies.find((c) => c.companyId === companyId)?.name ??
    `Company ${companyId}`;
  const saved = JSON.stringify({ model: state.model, partners: savedPartners(state) });
  const dirty = JSON.stringify({ model, partners: draft }) !== saved;
  const offered = state.partnerCompanies.filter((c) => !draft.some((d) => d.companyId === c.companyId));
  // The backend refuses a partner with no role (remove the partner instead): say so before saving.
  const withoutRoles = draft.filter((p) => p.roles.length === 0);

  const { onDraftChange } = props;
  const draftKey = dirty && withoutRoles.length === 0 ? JSON.stringify({ model, partners: draft }) : null;
  useEffect(() => {
    // Every change the backend would accept is previewed; a draft with a role-less partner is not sendable yet.
    onDraftChange?.(draftKey === null ? null : (JSON.parse(draftKey) as SetPartnersRequest));
  }, [draftKey, onDraftChange]);

  // The backend's paths point into the list that was sent, which is the draft still in the form.
  const labeler: FieldLabeler = (path) => {
    const [head, index, leaf] = pathParts(path);
    if (head === 'partners' && typeof index === 'number') {
      const partner = draft[index];
      const name = partner ? nameOf(partner.companyId) : 'A partner';
      return { label: leaf === 'roles' ? `${name}'s roles` : name };
    }
    if (head === 'model') return { label: 'The co-sell model' };
    if (head === 'partners') return { label: 'The partner list' };
    return null;
  };

  const addPartner = () => {
    if (!newCompanyId || newRoles.length === 0) return;
    setDraft((d) => [...d, { companyId: newCompanyId, roles: newRoles }]);
    setNewCompanyId('');
    setNewRoles([]);
  };

  return (
    <Flex direction="column" gap="sm">
      <Heading>Partners and roles</Heading>
      {draft.length === 0 ? (
        <EmptyState title="No partners on this deal yet" layout="horizontal" imageName="companies" flush>
          <Text>Add the partner companies working this deal and the role each plays. Most co-sell deals have two or three.</Text>
        </EmptyState>
      ) : (
        <Table bordered testId="partners-table">
          <TableHead>
            <TableRow>
              <TableHeader>Partner</TableHeader>
              <TableHeader>Roles</TableHeader>
              <TableHeader align="right">Action</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {draft.map((partner, index) => {
              const onDeal = state.partners.find((p) => p.companyId === partner.companyId);
              const company = state.partnerCompanies.find((c) => c.companyId === partner.companyId);
              const type = onDeal?.partnerType ?? company?.partnerType ?? null;
              return (
                <TableRow key={partner.companyId}>
                  <TableCell>
                    <Text format={{ fontWeight: 'demibold' }}>{nameOf(partner.companyId)}</Text>
                    {type ? <Tag variant="info">{PARTNER_TYPE_LABELS[type]}</Tag> : null}
                    {onDeal && !onDeal.isPartner ? <Tag variant="warning">Not marked as a partner</Tag> : null}
                  </TableCell>
                  <TableCell>
                    <MultiSelect
                      label={`Roles of ${nameOf(partner.companyId)}`}
                      name={`roles-${partner.companyId}`}
                      options={roleOptions}
                      value={partner.roles}
                      onChange={(value) =>
                        setDraft((d) => d.map((p, i) => (i === index ? { ...p, roles: value.map(String).filter(isRole) } : p)))
                      }
                    />
                  </TableCell>
                  <TableCell align="right">
                    <Button
                      variant="transparent"
                      size="sm"
                      testId={`remove-partner-${partner.companyId}`}
                      onClick={() => setDraft((d) => d.filter((_, i) => i !== index))}
                    >
                      Remove
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      <Flex direction="row" gap="sm" align="end" wrap>
        <Select
          label="Partner company"
          name="new-partner"
          placeholder={offered.length ? 'Choose a partner' : 'All partners are on this deal'}
          options={offered.map((c) => ({ label: c.partnerType ? `${c.name} (${PARTNER_TYPE_LABELS[c.partnerType]})` : c.name, value: c.companyId }))}
          value={newCompanyId}
          onChange={(value) => setNewCompanyId(String(value))}
        />
        <MultiSelect
          label="Roles"
          name="new-partner-roles"
          options={roleOptions}
          value={newRoles}
          onChange={(value) => setNewRoles(value.map(String).filter(isRole))}
        />
        <Button testId="add-partner" disabled={!newCompanyId || newRoles.length === 0} onClick={addPartner}>
          Add partner
        </Button>
      </Flex>
      <Select
        label="Co-sell model"
        name="model"
        description="Automatic uses the rule set's default for deals with two or more partners."
        options={[{ label: 'Automatic (rule set default)', value: AUTO }, ...CO_SELL_MODELS.map((m) => ({ label: MODEL_LABELS[m], value: m }))]}
        value={model ?? AUTO}
        onChange={(value) => setModel(value === AUTO ? null : (String(value) as CoSellModel))}
      />
      {withoutRoles.length > 0 ? (
        <Text variant="microcopy" testId="partners-without-roles">
          {`Give ${withoutRoles.map((p) => nameOf(p.companyId)).join(', ')} at least one role, or remove ${withoutRoles.length === 1 ? 'it' : 'them'}, before saving.`}
        </Text>
      ) : null}
      {props.error ? <ApiErrorAlert title="Partners were not saved" error={props.error} labeler={labeler} /> : null}
      <ButtonRow>
        <Button
          variant="primary"
          testId="save-partners"
          disabled={!dirty || props.saving || withoutRoles.length > 0}
          onClick={() => props.onSave({ model, partners: draft })}
        >
          {props.saving ? 'Saving…' : 'Save partners and roles'}
        </Button>
        <Button
          variant="secondary"
          disabled={!dirty || props.saving}
          onClick={() => {
            setDraft(savedPartners(state));
            setModel(state.model);
          }}
        >
          Discard changes
        </Button>
      </ButtonRow>
    </Flex>
  );
}

function isRole(value: string): value is Role {
  return (ROLES as string[]).includes(value);
}
