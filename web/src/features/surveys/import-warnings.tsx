import type { ImportWarning } from '../../api/types';

/** One left-out form item in words: "Question 9 “Rate each department”: grid — grid questions cannot be asked over the phone; left out." */
export const importWarningText = (w: ImportWarning): string => `Question ${w.position} “${w.title}”: ${w.kind} — ${w.reason}; left out.`;

/** What a Google Form import could not bring over, one item a line, and the way on to the new survey. */
export function ImportWarnings({ warnings, onContinue }: { warnings: ImportWarning[]; onContinue: () => void }) {
  return (
    <div role="alert">
      <p>Imported, with warnings: these items of the form were left out.</p>
      <ul aria-label="Import warnings">
        {warnings.map((w) => (
          <li key={`${w.position}-${w.title}`}>{importWarningText(w)}</li>
        ))}
      </ul>
      <button type="button" onClick={onContinue}>Continue</button>
    </div>
  );
}
