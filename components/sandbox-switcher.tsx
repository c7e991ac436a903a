// Shows the current sandbox; the switcher that lists the user's sandboxes replaces this.
export function SandboxSwitcher({ current }: { current: string }) {
  return (
    <p className="text-sm">
      Sandbox: <strong data-testid="current-sandbox">{current}</strong>
    </p>
  );
}
