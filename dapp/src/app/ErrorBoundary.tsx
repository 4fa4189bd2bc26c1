/**
 * One failing panel never blanks the app: each role screen and each card (a position, an
 * invoice, an auction) renders inside a boundary that shows what went wrong, inline, with a retry.
 */
import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`;
  return String(e);
}

export function PanelError({ title, error, onRetry }: { title: string; error: unknown; onRetry: () => void }) {
  return (
    <div className="card panel-error" role="alert" data-testid="panel-error">
      <strong>{title} could not be shown.</strong> <span className="mono">{errorText(error)}</span>
      <div className="muted">The rest of the app still works. Retry after the next refresh, or report it.</div>
      <button data-testid="panel-retry" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

export class PanelBoundary extends Component<{ title: string; children: ReactNode }, { error?: unknown; attempt: number }> {
  override state: { error?: unknown; attempt: number } = { attempt: 0 };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(`[${this.props.title}]`, error, info.componentStack);
  }

  retry = () => this.setState((s) => ({ error: undefined, attempt: s.attempt + 1 }));

  override render() {
    if (this.state.error !== undefined) return <PanelError title={this.props.title} error={this.state.error} onRetry={this.retry} />;
    // A new key on retry remounts the panel with fresh state.
    return <Fragment key={this.state.attempt}>{this.props.children}</Fragment>;
  }
}
