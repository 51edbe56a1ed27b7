import type { ErrorDescription } from '../lib/describe-error';

interface ErrorBannerProps {
  description: ErrorDescription;
  onRetry?: () => void;
  onDismiss: () => void;
}

export function ErrorBanner({ description, onRetry, onDismiss }: ErrorBannerProps) {
  return (
    <div className={`banner error ${description.kind}`} role="alert" data-error-kind={description.kind}>
      <span className="banner-icon" aria-hidden="true">
        !
      </span>
      <div className="banner-text">
        <strong>{description.title}</strong>
        <span>{description.detail}</span>
      </div>
      <div className="banner-actions">
        {onRetry && description.retryable && (
          <button type="button" className="btn primary" onClick={onRetry}>
            Retry
          </button>
        )}
        <button type="button" className="btn ghost" onClick={onDismiss} aria-label="Dismiss">
          ✕
        </button>
      </div>
    </div>
  );
}
