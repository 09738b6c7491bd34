import { useEffect, useState, type ReactNode } from 'react';
import { listProjects } from './api/client.js';
import { LLMCallsPage } from './pages/llm-calls-page.js';
import { SessionPage } from './pages/session-page.js';
import { StatsPage } from './pages/stats-page.js';
import { TraceDetailPage } from './pages/trace-detail-page.js';
import { TracesPage } from './pages/traces-page.js';
import { hrefWith, Link, matchPath, navigate, useLocation } from './router.js';

/** The shell: top bar with navigation and project picker, and the page for the current path. */
export function App(): ReactNode {
  const { pathname, search } = useLocation();
  const project = search.get('project') ?? '';
  const [projects, setProjects] = useState<string[]>([]);
  useEffect(() => {
    listProjects().then(setProjects, () => setProjects([]));
  }, []);
  const nav = [
    { to: '/', label: 'Traces', active: pathname === '/' || pathname.startsWith('/traces') },
    { to: '/llm-calls', label: 'LM calls', active: pathname.startsWith('/llm-calls') },
    { to: '/stats', label: 'Stats', active: pathname.startsWith('/stats') },
  ];
  return (
    <div className="app">
      <header className="topbar">
        <Link to={hrefWith('/', { project })} className="brand">
          <span className="brand-mark">◎</span> Loupe
        </Link>
        <nav>
          {nav.map((n) => (
            <Link key={n.to} to={hrefWith(n.to, { project })} className={n.active ? 'active' : ''}>
              {n.label}
            </Link>
          ))}
        </nav>
        <span className="spacer" />
        <label className="project-picker">
          <span>Project</span>
          <select
            name="project"
            value={project}
            onChange={(e) => {
              const next = new URLSearchParams(search);
              if (e.target.value) next.set('project', e.target.value);
              else next.delete('project');
              next.delete('cursor');
              const base = matchPath('/traces/:id', pathname) || matchPath('/sessions/:id', pathname) ? '/' : pathname;
              navigate(hrefWith(base, next));
            }}
          >
            <option value="">All projects</option>
            {[...new Set([...projects, ...(project ? [project] : [])])].map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main>
        <Page pathname={pathname} />
      </main>
    </div>
  );
}

function Page({ pathname }: { pathname: string }): ReactNode {
  if (pathname === '/' || pathname === '/traces') return <TracesPage />;
  const trace = matchPath('/traces/:id', pathname);
  if (trace) return <TraceDetailPage key={trace['id']} traceId={trace['id']!} />;
  const session = matchPath('/sessions/:id', pathname);
  if (session) return <SessionPage key={session['id']} sessionId={session['id']!} />;
  if (pathname === '/llm-calls') return <LLMCallsPage />;
  if (pathname === '/stats') return <StatsPage />;
  return (
    <div className="page">
      <div className="error-banner">No page at {pathname}.</div>
      <Link to="/">← Traces</Link>
    </div>
  );
}
