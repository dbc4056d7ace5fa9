/**
 * Copies text; false when the system refused (no permission, window not focused, no clipboard).
 * Never throws, so a refusal becomes a message on screen rather than an error in the console.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
