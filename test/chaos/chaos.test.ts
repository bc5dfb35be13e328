// Proof under faults: the real service (`node --import tsx src/main.ts start`, its own
// process, a temp SQLite store seeded with the demo dealership on first start) with
// Telegram pointed at a fake Bot API in this process and WeChat at a fake customer-service
// API, short leases (2 s). About 50 customers on Telegram, WeChat and the web chat ask the
// FAQ, book test drives (date and model, name, phone, Confirm) and cancel some of them,
// about 220 messages in all. Meanwhile:
// - the fake Bot API refuses a share of sends: 429 with retry_after (1-2 s), 502, and
//   requests held with no answer (half never answered, half refused 120 s later, long
//   after the client gave up); a held or refused send is not delivered. Faults hit a
//   message's first two attempts only, so a reply is late by seconds, not by the outage
//   backoff. One customer blocks the bot before their last message: its replies are refused
//   with 403, dead letters on purpose;
// - the service is killed with SIGKILL three times: after a customer's message went out
//   (its turn cut off), and while the fake holds the answer to a send it delivered (a send
//   in flight), then started again on the same store;
// - the platforms redeliver as they do: Telegram posts an update until it gets a 2xx
//   (also after a 503 "busy", once its Retry-After has passed), WeChat sends the same
//   request again when no answer came within 5 s, the web page sends the same message id
//   again after a network error or a 503, and reads the transcript when the answer says
//   the message was a duplicate.
// Seeded (createPrng.ts): what each customer says, when the service is killed, and which
// sends fail (a hash of the seed, the chat, the text and the attempt, so the same message
// gets the same faults however the concurrent sends interleave). Nothing asserts a timing.
//
// "Answered" means, for every customer message: its inbound event is stored and done;
// the customer saw the reply that answers it (each step names it by a pattern only that
// answer matches: the FAQ answer, the question for the name, the Confirm button, "预约成功",
// …), delivered by the fake Bot API, the fake WeChat API or WeChat's passive answer, or
// in the web chat's response or transcript; and for every Telegram update at least one
// reply queued under its key was sent and delivered to the fake. The blocking customer's
// last message is answered too, but its replies are refused (403, dead letters).
// "Repeats" are deliveries of a reply beyond the first: per chat and text, the fake's
// deliveries minus the sent outbox rows that render to that text. Each must be explained
// by a kill: a reply is repeated at most once per kill between its first and last
// delivery (the send was in flight when the process died, so nobody recorded it as sent).
// After the customers are done the test waits (bounded) for quiet: no inbound event
// waiting or running, no send due or in flight, no job slot running. Then: no booking
// doubled (one row per confirm, one live booking per customer and slot, live = confirms -
// cancels), every job slot run once and done, and no dead letter but the 403s.
import { describe, expect, it } from 'vitest';
import { runChaos } from './runChaos.js';

describe('chaos: kills, refused sends and redeliveries', () => {
  it('answers every customer message, repeats a reply at most once per kill, doubles no booking', async () => {
    const report = await runChaos({
      seed: 20261205,
      customers: { telegram: 34, wechat: 8, web: 12, blockers: 1 },
      kills: 3,
      faults: true,
      leaseMs: 2_000,
      rampMs: 3_000,
      stepTimeoutMs: 60_000,
      quietTimeoutMs: 30_000,
    });
    const { outcome, kills, faults } = report;
    console.log(
      `chaos: ${report.messages.total} messages, ${kills.length} kills (restarts ${kills.map((k) => k.restartMs).join('/')} ms), ` +
        `faults ${JSON.stringify(faults)}, answered ${outcome.answered}, repeats ${outcome.repeats.telegram + outcome.repeats.wechat}, ` +
        `events run again ${outcome.inbound.runAgain}, quiet after ${report.timeToQuietMs} ms, max answer after a kill ${report.maxAnswerAfterKillMs} ms` +
        (report.problems.length ? `; the store and the service log: ${report.dir}; problems:\n${report.problems.join('\n')}` : ''),
    );

    expect(report.problems).toEqual([]);
    // the faults happened
    expect(kills.map((k) => k.mode)).toEqual(['turn', 'send', 'turn']);
    expect(faults.tooManyRequests).toBeGreaterThan(0);
    expect(faults.badGateway).toBeGreaterThan(0);
    expect(faults.held).toBeGreaterThan(0);
    expect(faults.blocked).toBeGreaterThan(0);
    // every message answered, every event done
    expect(report.messages.total).toBeGreaterThan(200);
    expect(outcome.unanswered).toBe(0);
    expect(outcome.answered + outcome.unwatched).toBe(report.messages.total);
    expect(outcome.inbound.done).toBe(outcome.inbound.events);
    // repeats: each explained by a kill (checked per reply in problems); a kill cuts off at most
    // the outbox's 4 concurrent sends
    expect(outcome.repeats.telegram + outcome.repeats.wechat).toBeLessThanOrEqual(kills.length * 4);
    // bookings
    expect(outcome.bookings.confirms).toBeGreaterThan(0);
    expect(outcome.bookings.doubled).toBe(0);
    expect(outcome.bookings.rows).toBe(outcome.bookings.confirms);
    expect(outcome.bookings.live).toBe(outcome.bookings.confirms - outcome.bookings.cancels);
    // dead letters only where the fake caused them, job slots done
    expect(outcome.deadLetters).toMatchObject({ other: 0 });
    expect(outcome.deadLetters.deliberate).toBeGreaterThan(0);
    expect(outcome.jobs).toMatchObject({ running: 0, failed: 0 });
  }, 120_000);
});
