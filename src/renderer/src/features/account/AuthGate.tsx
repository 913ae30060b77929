// Reelay Server's front door: the owner's first account, sign-in, and invite links. The app behind it
// renders only for a signed-in account; a call that finds the session gone brings the sign-in back.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Account, SessionInfo } from '../../../../shared/accounts';
import { SIGNED_OUT_EVENT, type AuthClient } from '../../api/auth-client';
import { AccountForm } from './AccountForm';
import { inviteTokenFromHash, safeNext } from './routes';
import './account.css';

interface SignedInContext {
  account: Account;
  signOut: () => Promise<void>;
}
const AccountContext = createContext<SignedInContext | null>(null);

/** the signed-in account (Reelay Server); null on the desktop */
export function useAccount(): SignedInContext | null {
  return useContext(AccountContext);
}

export function AuthGate({ auth, children }: { auth: AuthClient; children: ReactNode }): ReactNode {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [inviteToken, setInviteToken] = useState(() => inviteTokenFromHash(location.hash));

  const reload = useCallback(() => {
    auth.session().then(
      (s) => {
        setSession(s);
        setLoadError(null);
      },
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
  }, [auth]);

  useEffect(() => {
    reload();
    const onSignedOut = () => reload();
    const onHash = () => setInviteToken(inviteTokenFromHash(location.hash));
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
      window.removeEventListener('hashchange', onHash);
    };
  }, [reload]);

  const signedIn = (s: SessionInfo): void => {
    // back to the recording that asked for a sign-in, if that is where the user came from
    const next = safeNext(location.search);
    if (next) {
      location.assign(next);
      return;
    }
    if (inviteTokenFromHash(location.hash)) location.hash = '#/record';
    setInviteToken(null);
    setSession(s);
  };

  if (loadError && !session) {
    return (
      <Front title="Reelay">
        <p className="status status-error" role="alert">
          Could not reach Reelay: {loadError}
        </p>
        <button type="button" className="button-primary" onClick={reload}>
          Try again
        </button>
      </Front>
    );
  }
  if (!session) return null;
  if (session.account) {
    const value: SignedInContext = {
      account: session.account,
      signOut: async () => setSession(await auth.signOut()),
    };
    return <AccountContext.Provider value={value}>{children}</AccountContext.Provider>;
  }
  if (inviteToken) {
    return <AcceptInvite auth={auth} token={inviteToken} onDone={signedIn} />;
  }
  if (session.needsOwner) {
    return (
      <Front title="Create the owner account">
        <p>This Reelay Server has no accounts yet. The owner manages storage, members and every recording.</p>
        <AccountForm submitLabel="Create account" newPassword onSubmit={(c) => auth.createOwner(c).then(signedIn)} />
      </Front>
    );
  }
  return (
    <Front title="Sign in to Reelay">
      <AccountForm submitLabel="Sign in" onSubmit={(c) => auth.signIn(c).then(signedIn)} />
    </Front>
  );
}

function AcceptInvite({ auth, token, onDone }: { auth: AuthClient; token: string; onDone: (s: SessionInfo) => void }): ReactNode {
  const [invite, setInvite] = useState<{ email: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    auth.invite(token).then(setInvite, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [auth, token]);
  return (
    <Front title="Join this Reelay">
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
      {invite && (
        <>
          <p>You were invited as {invite.email}. Choose a password to finish.</p>
          <AccountForm submitLabel="Create account" newPassword email={invite.email} onSubmit={(c) => auth.acceptInvite(token, c.password).then(onDone)} />
        </>
      )}
    </Front>
  );
}

function Front({ title, children }: { title: string; children: ReactNode }): ReactNode {
  return (
    <main className="front">
      <section className="front-card" aria-label={title}>
        <div className="brand" aria-hidden="true">
          <span className="brand-dot" />
          Reelay
        </div>
        <h1 className="page-title">{title}</h1>
        {children}
      </section>
    </main>
  );
}
