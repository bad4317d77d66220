// Browser-only helpers for handing things to the user: a file download and the clipboard.

export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a); // Firefox only follows clicks on links in the document
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(text: string, name: string, type: string): void {
  downloadBlob(new Blob([text], { type }), name);
}

/**
 * Tries the async clipboard API, then the old execCommand path. Resolves false when neither worked (no permission,
 * an insecure page, an unfocused document), so the caller can show the text for copying by hand. The async API
 * can hang without a permission prompt answer: a timeout keeps the button responsive.
 */
export async function copyToClipboard(text: string, timeoutMs = 1500): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs));
      await Promise.race([navigator.clipboard.writeText(text), timeout]);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  const focused = document.activeElement as HTMLElement | null;
  const area = Object.assign(document.createElement('textarea'), { value: text, readOnly: true });
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    focused?.focus(); // keep keyboard users where they were
  }
}
