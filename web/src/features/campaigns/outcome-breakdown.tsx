import type { CampaignStatus } from '../../api/types';
import { TableHead } from '../../components/table-head';
import { callOutcomes, outcomeLabel } from './outcome-labels';

/**
 * How the contacts finished so far, one row per outcome (zeros included, so the list never jumps):
 * words and numbers, with a plain bar for the share, so it reads the same without colour.
 */
export function OutcomeBreakdown({ status }: { status: CampaignStatus }) {
  const finished = status.completed_calls + status.failed_calls;
  return (
    <div className="table-wrap">
      <table className="outcomes">
        <caption>Outcomes</caption>
        <TableHead columns={['Outcome', 'Contacts', 'Share of finished']} />
        <tbody>
          {callOutcomes.map((outcome) => {
            const count = status.outcomes[outcome];
            const percent = finished === 0 ? null : Math.round((count / finished) * 100);
            return (
              <tr key={outcome}>
                <th scope="row">{outcomeLabel(outcome)}</th>
                <td>{count}</td>
                <td>
                  {percent === null ? '—' : (
                    <span className="funnel-bar">
                      <meter min={0} max={100} value={percent} aria-label={outcomeLabel(outcome)} /> {percent} %
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
