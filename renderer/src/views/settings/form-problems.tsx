/** A form's refusals that belong to no field of it, above the form. */
export function FormProblems({ lines }: { lines: readonly string[] }) {
  if (!lines.length) return null;
  return (
    <ul className="span-2 text-crit small form-problems" role="alert">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}
