import {
  ApprovePayoutLinesResponse,
  PayoutLineList,
  DealCoSellState,
  PartnerList,
  PartnerScorecard,
  PublishRuleSetResponse,
  Registration,
  RuleSetDraft,
  RuleSetDryRunResponse,
  RuleSetList,
  SplitPreview,
  Touchpoint,
  TouchpointList,
  ValidateRuleSetResponse,
  endpointPath,
  AccountMapRunResult,
  AccountMapUploadReceipt,
} from '@cosell/contract';
import { CheckPairingResponse, PairingList, PairingView, StartPairingResponse } from '@cosell/contract';
import type { CheckPairingRequest, DecidePairingRequest, StartPairingRequest } from '@cosell/contract';
import { ProgramOverview, ProgramReport } from '@cosell/contract';
import type { AccountMapUploadPartRequest, RunAccountMapRequest } from '@cosell/contract';
import type { CoSellPlan, CreateTouchpointRequest, RegisterRequest, SetPartnersRequest, WithdrawRegistrationRequest } from '@cosell/contract';
import { DealPipelineList, IncentivesSimulation } from '@cosell/contract';
import type { ApiResult, Fetcher } from './hubspot-fetcher';
import { Dispute, DisputeEvidence, DisputeList, DisputesOverview } from '@cosell/contract';
import type { DecideDisputeRequest, OpenDisputeRequest } from '@cosell/contract';
import { NotificationSettingsResponse } from '@cosell/contract';
import type { SaveNotificationSettingsRequest } from '@cosell/contract';

/**
 * One typed method per card endpoint, every answer parsed with the contract's schema.
 *
 * @example
 *   const api = createCardApiClient(fetcher);
 *   const state = await api.getDealCoSell('42'); // ApiResult<DealCoSellState>
 */
export function createCardApiClient(fetcher: Fetcher) {
  return {
    getDealCoSell: (dealId: string): Promise<ApiResult<DealCoSellState>> =>
      fetcher.request('GET', endpointPath('getDealCoSell', { dealId }), DealCoSellState),
    setDealPartners: (dealId: string, body: SetPartnersRequest): Promise<ApiResult<DealCoSellState>> =>
      fetcher.request('PUT', endpointPath('setDealPartners', { dealId }), DealCoSellState, { body }),
    previewDealSplit: (dealId: string, body: SetPartnersRequest): Promise<ApiResult<SplitPreview>> =>
      fetcher.request('POST', endpointPath('previewDealSplit', { dealId }), SplitPreview, { body }),
    setDealPlan: (dealId: string, body: CoSellPlan): Promise<ApiResult<DealCoSellState>> =>
      fetcher.request('PUT', endpointPath('setDealPlan', { dealId }), DealCoSellState, { body }),
    createTouchpoint: (dealId: string, body: CreateTouchpointRequest): Promise<ApiResult<Touchpoint>> =>
      fetcher.request('POST', endpointPath('createTouchpoint', { dealId }), Touchpoint, { body }),
    listTouchpoints: (dealId: string): Promise<ApiResult<TouchpointList>> =>
      fetcher.request('GET', endpointPath('listTouchpoints', { dealId }), TouchpointList),
    registerDeal: (dealId: string, body: RegisterRequest): Promise<ApiResult<Registration>> =>
      fetcher.request('POST', endpointPath('registerDeal', { dealId }), Registration, { body }),
    withdrawRegistration: (dealId: string, body: WithdrawRegistrationRequest): Promise<ApiResult<Registration>> =>
      fetcher.request('POST', endpointPath('withdrawRegistration', { dealId }), Registration, { body }),
    renewRegistration: (dealId: string): Promise<ApiResult<Registration>> =>
      fetcher.request('POST', endpointPath('renewRegistration', { dealId }), Registration),
    listRuleSets: (): Promise<ApiResult<RuleSetList>> => fetcher.request('GET', endpointPath('listRuleSets'), RuleSetList),
    validateRuleSet: (ruleSet: Record<string, unknown>): Promise<ApiResult<ValidateRuleSetResponse>> =>
      fetcher.request('POST', endpointPath('validateRuleSet'), ValidateRuleSetResponse, { body: { ruleSet } }),
    createRuleSetDraft: (ruleSet: Record<string, unknown>): Promise<ApiResult<RuleSetDraft>> =>
      fetcher.request('POST', endpointPath('createRuleSetDraft'), RuleSetDraft, { body: { ruleSet } }),
    updateRuleSetDraft: (draftId: string, ruleSet: Record<string, unknown>): Promise<ApiResult<RuleSetDraft>> =>
      fetcher.request('PUT', endpointPath('updateRuleSetDraft', { draftId }), RuleSetDraft, { body: { ruleSet } }),
    dryRunRuleSet: (ruleSet: Record<string, unknown>): Promise<ApiResult<RuleSetDryRunResponse>> =>
      fetcher.request('POST', endpointPath('dryRunRuleSet'), RuleSetDryRunResponse, { body: { ruleSet } }),
    publishRuleSetDraft: (draftId: string): Promise<ApiResult<PublishRuleSetResponse>> =>
      fetcher.request('POST', endpointPath('publishRuleSetDraft', { draftId }), PublishRuleSetResponse),
    listPartners: (): Promise<ApiResult<PartnerList>> => fetcher.request('GET', endpointPath('listPartners'), PartnerList),
    getPartnerScorecard: (companyId: string): Promise<ApiResult<PartnerScorecard>> =>
      fetcher.request('GET', endpointPath('getPartnerScorecard', { companyId }), PartnerScorecard),
    listDealDisputes: (dealId: string): Promise<ApiResult<DisputeList>> => fetcher.request('GET', endpointPath('listDealDisputes', { dealId }), DisputeList),
    openDispute: (dealId: string, body: OpenDisputeRequest): Promise<ApiResult<Dispute>> =>
      fetcher.request('POST', endpointPath('openDispute', { dealId }), Dispute, { body }),
    listDisputes: (): Promise<ApiResult<DisputesOverview>> => fetcher.request('GET', endpointPath('listDisputes'), DisputesOverview),
    getDisputeEvidence: (disputeId: string): Promise<ApiResult<DisputeEvidence>> =>
      fetcher.request('GET', endpointPath('getDisputeEvidence', { disputeId }), DisputeEvidence),
    decideDispute: (disputeId: string, body: DecideDisputeRequest): Promise<ApiResult<Dispute>> =>
      fetcher.request('POST', endpointPath('decideDispute', { disputeId }), Dispute, { body }),
    listPairings: (): Promise<ApiResult<PairingList>> => fetcher.request('GET', endpointPath('listPairings'), PairingList),
    checkPairing: (body: CheckPairingRequest): Promise<ApiResult<CheckPairingResponse>> =>
      fetcher.request('POST', endpointPath('checkPairing'), CheckPairingResponse, { body }),
    startPairing: (body: StartPairingRequest): Promise<ApiResult<StartPairingResponse>> =>
      fetcher.request('POST', endpointPath('startPairing'), StartPairingResponse, { body }),
    reviewPairings: (): Promise<ApiResult<PairingList>> => fetcher.request('GET', endpointPath('reviewPairings'), PairingList),
    decidePairing: (pairingId: string, body: DecidePairingRequest): Promise<ApiResult<PairingView>> =>
      fetcher.request('POST', endpointPath('decidePairing', { pairingId }), PairingView, { body }),
    getProgramOverview: (quarter = 'current'): Promise<ApiResult<ProgramOverview>> =>
      fetcher.request('GET', endpointPath('getProgramOverview', { quarter }), ProgramOverview),
    getPartnerProgram: (companyId: string, quarter = 'current'): Promise<ApiResult<ProgramReport>> =>
      fetcher.request('GET', endpointPath('getPartnerProgram', { companyId, quarter }), ProgramReport),
    listDealPipelines: (): Promise<ApiResult<DealPipelineList>> => fetcher.request('GET', endpointPath('listDealPipelines'), DealPipelineList),
    simulateIncentives: (ruleSet: Record<string, unknown>, quarter?: string): Promise<ApiResult<IncentivesSimulation>> =>
      fetcher.request('POST', endpointPath('simulateIncentives'), IncentivesSimulation, { body: { ruleSet, ...(quarter ? { quarter } : {}) } }),
    getNotificationSettings: (): Promise<ApiResult<NotificationSettingsResponse>> =>
      fetcher.request('GET', endpointPath('getNotificationSettings'), NotificationSettingsResponse),
    saveNotificationSettings: (body: SaveNotificationSettingsRequest): Promise<ApiResult<NotificationSettingsResponse>> =>
      fetcher.request('PUT', endpointPath('saveNotificationSettings'), NotificationSettingsResponse, { body }),
    listOpenPayoutLines: (): Promise<ApiResult<PayoutLineList>> => fetcher.request('GET', endpointPath('listOpenPayoutLines'), PayoutLineList),
    approvePayoutLines: (lineIds: string[]): Promise<ApiResult<ApprovePayoutLinesResponse>> =>
      fetcher.request('POST', endpointPath('approvePayoutLines'), ApprovePayoutLinesResponse, { body: { lineIds } }),
    uploadAccountMapPart: (uploadId: string, part: AccountMapUploadPartRequest): Promise<ApiResult<AccountMapUploadReceipt>> =>
      fetcher.request('PUT', endpointPath('uploadAccountMapPart', { uploadId }), AccountMapUploadReceipt, { body: part }),
    runAccountMap: (request: RunAccountMapRequest): Promise<ApiResult<AccountMapRunResult>> =>
      fetcher.request('POST', endpointPath('runAccountMap'), AccountMapRunResult, { body: request }),
  };
}

export type CardApiClient = ReturnType<typeof createCardApiClient>;
