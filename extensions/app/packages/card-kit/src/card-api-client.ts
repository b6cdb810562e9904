import {
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
import type { AccountMapUploadPartRequest, RunAccountMapRequest } from '@cosell/contract';
import type { CoSellPlan, CreateTouchpointRequest, RegisterRequest, SetPartnersRequest, WithdrawRegistrationRequest } from '@cosell/contract';
import type { ApiResult, Fetcher } from './hubspot-fetcher';

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
    uploadAccountMapPart: (uploadId: string, part: AccountMapUploadPartRequest): Promise<ApiResult<AccountMapUploadReceipt>> =>
      fetcher.request('PUT', endpointPath('uploadAccountMapPart', { uploadId }), AccountMapUploadReceipt, { body: part }),
    runAccountMap: (request: RunAccountMapRequest): Promise<ApiResult<AccountMapRunResult>> =>
      fetcher.request('POST', endpointPath('runAccountMap'), AccountMapRunResult, { body: request }),
  };
}

export type CardApiClient = ReturnType<typeof createCardApiClient>;
