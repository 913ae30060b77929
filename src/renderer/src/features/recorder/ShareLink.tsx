// The recording's link: there from the moment the recording exists, copied when it is published.
import { useState, type ReactNode } from 'react';

export interface ShareLinkProps {
  link: string;
  /** the recorder copied it after Stop */
  copied: boolean;
  ready: boolean;
  copy: (text: string) => Promise<void>;
}

export function ShareLink({ link, copied, ready, copy }: ShareLinkProps): ReactNode {
  const [copiedByHand, setCopiedByHand] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);
  const showCopied = copied || copiedByHand;

  return (
    <div className="share-link">
      <span className="share-link-label">{ready ? 'Your video is ready' : 'Your link (plays as you record)'}</span>
      <div className="share-link-row">
        <a aria-label="Share link" href={link} target="_blank" rel="noreferrer">
          {link}
        </a>
        <button
          type="button"
          className="button-secondary"
          onClick={() =>
            copy(link).then(
              () => {
                setCopiedByHand(true);
                setCopyFailed(false);
              },
              () => setCopyFailed(true),
            )
          }
        >
          Copy link
        </button>
        <span className="copied" role="status">
          {showCopied ? 'Copied' : copyFailed ? 'Copy it by hand: the clipboard is not available' : ''}
        </span>
      </div>
    </div>
  );
}
