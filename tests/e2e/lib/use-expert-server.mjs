// Imported first by expert.test.mjs: run.sh gives that file a server of its own (fresh
// data folder, the same two accounts), because the experts enrol through one-time links,
// which work once per account. harness.mjs reads RADFRAGA_E2E_URL when
// it is evaluated, which is after this module.
if (process.env.RADFRAGA_E2E_EXPERT_URL) process.env.RADFRAGA_E2E_URL = process.env.RADFRAGA_E2E_EXPERT_URL;
