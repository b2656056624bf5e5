// A Lifeboat name suggested for a kubeconfig context ("arn:aws:eks:…/prod" → "prod"-ish): the
// same rule as the contract's names, lowercase letters, digits, ".", "_" or "-", 1–63 long.
export function suggestClusterName(context: string): string {
  const last = context.includes('/') ? (context.split('/').pop() ?? context) : context;
  const cleaned = last
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63)
    .replace(/[^a-z0-9]+$/, '');
  return cleaned || 'cluster';
}
