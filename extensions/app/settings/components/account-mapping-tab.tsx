import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Flex,
  Heading,
  Input,
  LoadingSpinner,
  NumberInput,
  Select,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import type { AccountMapIcp, AccountMapRunResult, PartnerList } from '@cosell/contract';
import { LoadError, useAction, useResource } from '@cosell/card-kit';
import type { SettingsTabProps } from './settings-tab-props';
import { mapToCsv, parsePastedList, splitIntoParts } from './account-mapping-upload';

const LISTS: Array<[keyof AccountMapRunResult['newCounts'], string]> = [
  ['customer_overlap', 'Customer overlap (both customers)'],
  ['prospect_overlap', 'Prospect overlap (warm intro)'],
  ['our_customer_their_prospect', 'Our customer, their prospect'],
  ['both_prospects', 'Both prospects'],
  ['whitespace', 'Whitespace (their customers we do not have)'],
];
const TITLE = Object.fromEntries(LISTS) as Record<string, string>;

const splitList = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** A fresh id for one upload (letters, digits, dashes). */
function newUploadId(): string {
  return `map-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * The "Account mapping" tab: pick a partner, paste their account list, set the ICP, run the map
 * against our companies (sent in parts under hubspot.fetch's 1 MB), see the summary, each list and
 * what is new since the last saved map, and copy the lists as CSV. Saving keeps the map for the
 * partner and writes the overlap properties to our companies (docs/account-mapping.md).
 */
export function AccountMappingTab({ actions, api }: SettingsTabProps) {
  const partners = useResource<PartnerList>('partners', () => api.listPartners());
  const action = useAction();
  const [partnerId, setPartnerId] = useState<string>('');
  const [text, setText] = useState('');
  const [industries, setIndustries] = useState('');
  const [countries, setCountries] = useState('');
  const [minEmployees, setMinEmployees] = useState<number | undefined>(undefined);
  const [save, setSave] = useState(true);
  const [progress, setProgress] = useState<string | null>(null);
  const [result, setResult] = useState<AccountMapRunResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [showCsv, setShowCsv] = useState(false);

  if (partners.state.status === 'loading') return <LoadingSpinner label="Loading partners…" showLabel layout="centered" />;
  if (partners.state.status === 'error') {
    return <LoadError what="the partners" error={partners.state.error} onRetry={partners.reload} />;
  }
  const list = partners.state.data.partners;

  const run = async () => {
    setProblem(null);
    setResult(null);
    setShowCsv(false);
    if (!partnerId) return setProblem('Pick the partner whose list this is.');
    const parsed = parsePastedList(text);
    if (!parsed) return setProblem('Paste the partner\u2019s account list first: a header row (Website, Account Name, Status, …), then one account per row.');
    const parts = splitIntoParts(parsed);
    const uploadId = newUploadId();
    for (const part of parts) {
      setProgress(`Sending part ${part.part + 1} of ${parts.length}…`);
      const receipt = await action.run(() => api.uploadAccountMapPart(uploadId, part));
      if (!receipt) return setProgress(null);
    }
    setProgress('Mapping…');
    const icp: AccountMapIcp = {
      ...(splitList(industries).length ? { industries: splitList(industries) } : {}),
      ...(minEmployees !== undefined ? { minEmployees } : {}),
      ...(splitList(countries).length ? { countries: splitList(countries) } : {}),
    };
    const mapped = await action.run(() => api.runAccountMap({ partnerId, uploadId, icp: Object.keys(icp).length ? icp : null, save }));
    setProgress(null);
    if (!mapped) return;
    setResult(mapped);
    if (mapped.savedMapId) actions.addAlert({ type: 'success', message: `Map saved for ${mapped.partner.name}; our companies get the overlap properties shortly.` });
  };

  return (
    <Flex direction="column" gap="md">
      <Text>
        Compare a partner&apos;s account list with our companies on the website domain: customer overlaps, warm intros (our prospect, their
        customer) and whitespace. Large or hashed lists go through <Text inline format={{ fontWeight: 'demibold' }}>cosell map</Text>.
      </Text>
      <Select name="partner" label="Partner" value={partnerId} options={list.map((p) => ({ label: p.name, value: p.companyId }))} onChange={(v) => setPartnerId(String(v))} />
      <TextArea name="list" label="Partner's account list" description="Paste from a spreadsheet or a CSV file, header row first." value={text} rows={8} onChange={(v) => setText(v)} />
      <Flex direction="row" gap="sm">
        <Input name="industries" label="ICP industries (comma-separated)" value={industries} onChange={(v) => setIndustries(v)} />
        <NumberInput name="minEmployees" label="ICP minimum employees" value={minEmployees} min={0} onChange={(v) => setMinEmployees(typeof v === 'number' && Number.isFinite(v) ? v : undefined)} />
        <Input name="countries" label="ICP countries (comma-separated)" value={countries} onChange={(v) => setCountries(v)} />
      </Flex>
      <Checkbox name="save" checked={save} onChange={(checked) => setSave(checked)}>
        Save the map for this partner (the next map shows what is new) and update our companies&apos; overlap properties
      </Checkbox>
      <Button variant="primary" onClick={() => void run()} disabled={action.pending}>
        Run the map
      </Button>
      {progress ? <Text testId="map-progress">{progress}</Text> : null}
      {problem ? (
        <Alert title="Cannot run the map" variant="warning">
          <Text>{problem}</Text>
        </Alert>
      ) : null}
      {action.error ? (
        <Alert title="The map did not run" variant="danger">
          <Text>{action.error.message}</Text>
        </Alert>
      ) : null}
      {result ? <MapResult result={result} showCsv={showCsv} onExport={() => setShowCsv(true)} /> : null}
    </Flex>
  );
}

function MapResult({ result, showCsv, onExport }: { result: AccountMapRunResult; showCsv: boolean; onExport: () => void }) {
  const s = result.summary;
  return (
    <Flex direction="column" gap="sm" testId="map-result">
      <Heading>{`Account map with ${result.partner.name}`}</Heading>
      <Text variant="microcopy">
        {`${s.rows} partner rows, ${s.accounts} accounts, ${s.rejected} rows rejected. ${
          result.previousMappedAt ? `"New" compares with the map saved on ${result.previousMappedAt.slice(0, 10)}.` : 'No earlier saved map with this partner: everything is new.'
        }`}
      </Text>
      <Statistics>
        {LISTS.map(([key, label]) => (
          <StatisticsItem key={key} label={label} number={`${s[key]} (${result.newCounts[key]} new)`} />
        ))}
      </Statistics>
      <Table bordered testId="map-matches">
        <TableHead>
          <TableRow>
            <TableHeader>List</TableHeader>
            <TableHeader>Domain</TableHeader>
            <TableHeader>Our companies</TableHeader>
            <TableHeader>Partner rows</TableHeader>
            <TableHeader>New</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.matches.map((m) => (
            <TableRow key={`${m.category}:${m.domain}`}>
              <TableCell>{TITLE[m.category] ?? m.category}</TableCell>
              <TableCell>{m.domain}</TableCell>
              <TableCell>{m.ours.map((o) => o.name).join(', ')}</TableCell>
              <TableCell>{m.theirRows.join(', ')}</TableCell>
              <TableCell>{m.isNew ? <Tag variant="success">New</Tag> : ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Heading>Whitespace</Heading>
      <Table bordered testId="map-whitespace">
        <TableHead>
          <TableRow>
            <TableHeader>Domain</TableHeader>
            <TableHeader>Partner account</TableHeader>
            <TableHeader>In the ICP</TableHeader>
            <TableHeader>New</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.whitespace.map((w) => (
            <TableRow key={w.domain}>
              <TableCell>{w.domain}</TableCell>
              <TableCell>{w.name ?? '—'}</TableCell>
              <TableCell>{w.icp ? 'Yes' : 'No'}</TableCell>
              <TableCell>{w.isNew ? <Tag variant="success">New</Tag> : ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {result.gone.length > 0 ? (
        <Text testId="map-gone">{`Gone since the last saved map: ${result.gone.map((g) => `${g.domain} (${TITLE[g.category] ?? g.category})`).join(', ')}`}</Text>
      ) : null}
      {result.rejected.length > 0 ? <Text variant="microcopy">{`Rejected rows: ${result.rejected.map((r) => `row ${r.row} (${r.reason})`).join(', ')}`}</Text> : null}
      {result.truncated ? <Text variant="microcopy">Only the first 500 entries of each list are shown; `cosell map --json` gives them all.</Text> : null}
      <Button onClick={onExport}>Export CSV</Button>
      {showCsv ? <TextArea name="csv" label="The lists as CSV (copy into a spreadsheet)" value={mapToCsv(result)} rows={8} readOnly /> : null}
    </Flex>
  );
}
