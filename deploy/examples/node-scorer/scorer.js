// An external cvalues-pipeline scorer, in Node.js with kafkajs: no Java, no change to the pipeline.
//
// It does what every scorer does (see contracts/src/main/resources/schemas/):
//  1. announces itself on the compacted topic cvalues.scorers (key: its id), so report-service knows it
//     and waits for it before calling a run complete;
//  2. reads cvalues.responses in its own consumer group, scorer-<id>;
//  3. writes one ScoreEvent per response it applies to on cvalues.scores, keyed runId:itemId;
//  4. sends what it cannot read to cvalues.responses.dlq with a dead-letter-reason header.
// Its metric: the length of the model's answer, in characters ("scale": a scorecard cell is the mean).
'use strict';
const { Kafka, Partitioners, logLevel } = require('kafkajs');

// SCORER_ID: run the same code as another scorer (its own group); FROM_BEGINNING=false: a new group starts
// with the responses that come after it, and earlier runs are scored by a backfill
const SCORER_ID = process.env.SCORER_ID || 'answer-length';
const VERSION = '1';
const FROM_BEGINNING = process.env.FROM_BEGINNING !== 'false';
const brokers = (process.env.KAFKA_BOOTSTRAP_SERVERS || '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: SCORER_ID, brokers, logLevel: logLevel.WARN });
// the Java client's partitioner: a runId:itemId key lands on the same partition as the pipeline's own events
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
const consumer = kafka.consumer({ groupId: `scorer-${SCORER_ID}` });

function announcement() {
  return {
    schemaVersion: 1,
    scorerId: SCORER_ID,
    version: VERSION,
    metricKind: 'scale',
    metrics: ['chars'],
    appliesTo: ['open', 'multiple_choice'],
    description: 'Length of the answer in characters (example external scorer, Node.js)',
    announcedAt: new Date().toISOString(),
  };
}

/** The score event of one response, or null when this scorer does not score it. */
function score(response) {
  if (response.schemaVersion !== 1 || !response.runId || !response.itemId || !response.item) {
    throw new Error('not a ResponseEvent of schema version 1 (runId, itemId, item required)');
  }
  if (response.outcome !== 'ok') return null; // a failure has no text to score
  if (response.backfillFor && response.backfillFor !== SCORER_ID) return null; // another scorer's backfill
  const chars = [...(response.text || '')].length; // code points, not UTF-16 units
  return {
    schemaVersion: 1,
    runId: response.runId,
    itemId: response.itemId,
    item: response.item,
    scorerId: SCORER_ID,
    scorerVersion: VERSION,
    metrics: [{ name: 'chars', value: chars }],
    rationale: `${chars} characters`,
    scoredAt: new Date().toISOString(),
  };
}

async function main() {
  await producer.connect();
  await producer.send({ topic: 'cvalues.scorers', messages: [{ key: SCORER_ID, value: JSON.stringify(announcement()) }] });
  await consumer.connect();
  await consumer.subscribe({ topic: 'cvalues.responses', fromBeginning: FROM_BEGINNING });
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const scores = [];
      const dead = [];
      for (const message of batch.messages) {
        try {
          const event = score(JSON.parse(message.value.toString('utf8')));
          if (event) scores.push({ key: `${event.runId}:${event.itemId}`, value: JSON.stringify(event) });
        } catch (e) {
          dead.push({
            key: message.key, value: message.value,
            headers: { 'dead-letter-reason': String(e.message), 'dead-letter-topic': batch.topic,
              'dead-letter-partition': String(batch.partition), 'dead-letter-offset': message.offset },
          });
        }
      }
      if (scores.length) await producer.send({ topic: 'cvalues.scores', messages: scores });
      if (dead.length) await producer.send({ topic: 'cvalues.responses.dlq', messages: dead });
      // offsets are committed only after the scores are written: nothing is lost, a redelivery rewrites the same score
      resolveOffset(batch.messages[batch.messages.length - 1].offset);
      await heartbeat();
    },
  });
  console.log(`${SCORER_ID} scoring cvalues.responses from ${brokers.join(',')}`);
}

async function stop() {
  try {
    await consumer.disconnect();
    await producer.disconnect();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
