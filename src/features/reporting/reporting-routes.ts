// The Program tab's endpoints and the scorecard's program section.
import type { CardRoutes } from '../shared/card-routes';
import { invalid } from '../shared/outcome';
import { getPartnerProgramFigures, getProgramOverviewView } from './reporting-service';

const quarterParam = (value: string | undefined) => (value === undefined || value === 'current' ? undefined : value);

export function reportingRoutes(): CardRoutes<'getProgramOverview' | 'getPartnerProgram'> {
  return {
    getProgramOverview: (d, c) => getProgramOverviewView(d, quarterParam(c.params.quarter)),
    getPartnerProgram: async (d, c) => {
      const quarter = c.params.quarter;
      if (quarter === undefined || !/^(current|\d{4}-Q[1-4])$/.test(quarter)) return invalid([{ path: 'quarter', message: `"${quarter ?? ''}" is not "current" or a quarter like 2026-Q4` }]);
      return getPartnerProgramFigures(d, c.params.companyId!, quarterParam(quarter));
    },
  };
}
