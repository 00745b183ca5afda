import type { ExpeditionId } from '../app/expedition.js'
import type { HubChoice } from '../world/hub-world.js'

/** The hub in the DOM: each expedition, whether it is open, and how far the student has come. */
export function HubOverlay({ choices, onChoose }: { readonly choices: readonly HubChoice[]; readonly onChoose: (id: ExpeditionId) => void }) {
  return (
    <section id="hub" className="card overlay" aria-label="Expeditions">
      <h1>Choose an expedition</h1>
      <ul className="hub-list">
        {choices.map((c) => (
          <li key={c.id} className={c.open ? 'hub-choice open' : 'hub-choice locked'}>
            <h2>{c.title}</h2>
            <div className="progress" role="progressbar" aria-label={`${c.title}: competencies shown`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(c.progress * 100)}>
              <span style={{ width: `${Math.round(c.progress * 100)}%` }} />
            </div>
            <p>{c.open ? `Open · ${Math.round(c.progress * 100)}% of its "I can…" goals shown` : `Locked · first: ${c.needs.join(' ')}`}</p>
            <button id={`open-${c.id}`} type="button" disabled={!c.open} onClick={() => onChoose(c.id)}>
              {c.open ? `Go to ${c.title.split(':')[0]}` : 'Locked'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
