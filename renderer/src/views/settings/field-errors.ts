/** A refusal from the core split by field: the lines a form can put beside its fields, and the rest for the top of the form. */
export interface FieldErrors {
  fields: Record<string, string[]>;
  other: string[];
}

/**
 * Splits a refusal (one `path: reason` per line, as the config transaction and the
 * input check write them, perhaps after `method: `) by the form field each path
 * belongs to. `fieldOf` maps a config path (`proxmox[1].endpoints[0]`) to a field
 * of the form, or null when the form has no such field: that line goes on top.
 * Paths are compared with list indexes in brackets (`cluster.endpoints.0` is read
 * as `cluster.endpoints[0]`).
 */
export function fieldErrors(text: string, fieldOf: (path: string) => string | null): FieldErrors {
  const out: FieldErrors = { fields: {}, other: [] };
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const m = /^(?:[A-Za-z]+: )?([A-Za-z_][\w-]*(?:\.[\w-]+|\[[\w.-]+\])*): (.+)$/.exec(line);
    const field = m ? fieldOf(m[1].replace(/\.(\d+)(?=\.|\[|$)/g, '[$1]')) : null;
    if (m && field !== null) (out.fields[field] ??= []).push(m[2]);
    else out.other.push(line);
  }
  return out;
}

/** The field of an item's form a path names: `proxmox[2].tokenId` is `tokenId` for any of `prefixes` (`proxmox[2]`, `proxmox[home]`, `cluster`). */
export function itemField(prefixes: readonly string[], known: readonly string[], aliases: Readonly<Record<string, string>> = {}): (path: string) => string | null {
  return (path) => {
    if (path in aliases) return aliases[path];
    for (const p of prefixes) {
      if (!path.startsWith(`${p}.`)) continue;
      const rest = path.slice(p.length + 1);
      // The most precise field the form shows: `endpoints[1]` beside that endpoint, else `endpoints` beside the list.
      const hit = known.find((k) => rest === k) ?? known.find((k) => rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`));
      return hit ?? null;
    }
    return null;
  };
}
