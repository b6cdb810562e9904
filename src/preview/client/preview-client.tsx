/**
 * The preview page's script. It imports the REAL extension entry files (bundled with
 * `@hubspot/ui-extensions` aliased to the HTML shim); each registers its render callback through the
 * shim's `hubspot.extend`, in import order: deal card, partner scorecard, settings page.
 */
import { StrictMode, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { registeredExtensions } from '../shim/registry';
import '../../../extensions/app/cards/deal-cosell-card-entry';
import '../../../extensions/app/cards/partner-scorecard-card-entry';
import '../../../extensions/app/settings/settings-page-entry';

interface PreviewConfig {
  portalId: string;
  userId: string;
  backendUrl: string;
  /** Per-start secret of the preview server, sent back on every api/… call. */
  token: string;
}
interface DealOption {
  id: string;
  name: string;
  amount: string | null;
  currency: string | null;
  stage: string | null;
}
interface CompanyOption {
  id: string;
  name: string;
  partnerType: string;
}
type View = 'deal' | 'scorecard' | 'settings';
interface Toast {
  id: number;
  type: string;
  title?: string;
  message: string;
}

const config = (window as unknown as { __COSELL_PREVIEW__: PreviewConfig }).__COSELL_PREVIEW__;
const [renderDealCard, renderScorecard, renderSettings] = registeredExtensions;

function baseContext(location: string) {
  return {
    location,
    user: {
      id: Number(config.userId),
      email: 'preview.user@example.com',
      emails: ['preview.user@example.com'],
      firstName: 'Preview',
      lastName: 'User',
      roles: [],
      teams: [],
      permissions: [],
      locale: 'en-US',
    },
    portal: { id: Number(config.portalId), timezone: 'UTC' },
    variables: { BACKEND_URL: config.backendUrl },
    extension: { appId: 0, appName: 'Co-sell attribution (preview)' },
  };
}

function App() {
  const [view, setView] = useState<View>(() => (new URLSearchParams(location.search).get('view') as View | null) ?? 'deal');
  const [deals, setDeals] = useState<DealOption[] | null>(null);
  const [companies, setCompanies] = useState<CompanyOption[] | null>(null);
  const [dealId, setDealId] = useState<string>(() => new URLSearchParams(location.search).get('dealId') ?? '');
  const [companyId, setCompanyId] = useState<string>(() => new URLSearchParams(location.search).get('companyId') ?? '');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    void Promise.all([getJson<DealOption[]>('api/deals'), getJson<CompanyOption[]>('api/companies')])
      .then(([d, c]) => {
        setDeals(d);
        setCompanies(c);
        setDealId((current) => current || d[0]?.id || '');
        setCompanyId((current) => current || c[0]?.id || '');
      })
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  }, []);

  useEffect(() => {
    const params = new URLSearchParams({ view, ...(dealId ? { dealId } : {}), ...(companyId ? { companyId } : {}) });
    history.replaceState(null, '', `?${params.toString()}`);
  }, [view, dealId, companyId]);

  const actions = {
    addAlert: (alert: { type?: string; title?: string; message: string }) => {
      const toast = { id: Date.now() + Math.random(), type: alert.type ?? 'info', title: alert.title, message: alert.message };
      setToasts((t) => [...t, toast]);
      setTimeout(() => setToasts((t) => t.filter((x) => x.id !== toast.id)), 6000);
    },
    // The record around the card is not shown here, so there is nothing to refresh or watch.
    refreshObjectProperties: () => undefined,
    onCrmPropertiesUpdate: () => undefined,
  };

  let body: ReactNode = null;
  if (loadError) {
    body = <div className="preview-error" role="alert">Could not load the demo portal: {loadError}</div>;
  } else if (view === 'deal') {
    body = dealId && renderDealCard ? (
      <CardFrame title="Co-sell" key={`deal-${dealId}`}>
        {renderDealCard({ context: { ...baseContext('crm.record.tab'), crm: { objectId: Number(dealId), objectTypeId: '0-3' } }, actions }) as ReactNode}
      </CardFrame>
    ) : <p className="preview-muted">{deals ? 'The portal has no deals.' : 'Loading deals…'}</p>;
  } else if (view === 'scorecard') {
    body = companyId && renderScorecard ? (
      <CardFrame title="Partner scorecard" key={`company-${companyId}`}>
        {renderScorecard({ context: { ...baseContext('crm.record.tab'), crm: { objectId: Number(companyId), objectTypeId: '0-2' } }, actions }) as ReactNode}
      </CardFrame>
    ) : <p className="preview-muted">{companies ? 'The portal has no partner companies.' : 'Loading partners…'}</p>;
  } else if (renderSettings) {
    body = (
      <CardFrame title="Settings">
        {renderSettings({ context: baseContext('settings'), actions }) as ReactNode}
      </CardFrame>
    );
  }

  return (
    <div className="preview">
      <header className="preview-header">
        <span className="preview-logo">Co-sell attribution</span>
        <span className="preview-badge">Local preview · portal {config.portalId}</span>
      </header>
      <nav className="preview-nav">
        <NavButton view="deal" current={view} onSelect={setView}>Deal card</NavButton>
        <NavButton view="scorecard" current={view} onSelect={setView}>Partner scorecard</NavButton>
        <NavButton view="settings" current={view} onSelect={setView}>Settings</NavButton>
        {view === 'deal' && deals ? (
          <label className="preview-picker">Deal
            <select id="deal-picker" data-testid="deal-picker" value={dealId} onChange={(e) => setDealId(e.target.value)}>
              {deals.map((d) => <option key={d.id} value={d.id}>{d.name} ({d.id})</option>)}
            </select>
          </label>
        ) : null}
        {view === 'scorecard' && companies ? (
          <label className="preview-picker">Partner
            <select id="company-picker" data-testid="company-picker" value={companyId} onChange={(e) => setCompanyId(e.target.value)}>
              {companies.map((c) => <option key={c.id} value={c.id}>{c.name} · {c.partnerType}</option>)}
            </select>
          </label>
        ) : null}
      </nav>
      <main className="preview-main">{body}</main>
      <div className="preview-toasts">
        {toasts.map((t) => (
          <div key={t.id} className={`hs-alert hs-alert--${t.type === 'danger' ? 'danger' : t.type}`} role="status" data-testid="toast">
            {t.title ? <strong className="hs-alert__title">{t.title}</strong> : null}
            <div>{t.message}</div>
          </div>
        ))}
      </div>
    </div>
  );
}

function NavButton(props: { view: View; current: View; onSelect: (v: View) => void; children: ReactNode }) {
  return (
    <button type="button" data-testid={`nav-${props.view}`} className={`preview-nav__item${props.view === props.current ? ' preview-nav__item--active' : ''}`} onClick={() => props.onSelect(props.view)}>
      {props.children}
    </button>
  );
}

function CardFrame(props: { title: string; children: ReactNode }) {
  return (
    <section className="preview-card" data-testid="extension-frame">
      <div className="preview-card__title">{props.title}</div>
      <div className="preview-card__body">{props.children}</div>
    </section>
  );
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { 'x-cosell-preview-token': config.token } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
