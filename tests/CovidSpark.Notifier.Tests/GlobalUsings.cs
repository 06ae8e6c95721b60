// The notifier speaks the ledger's contract: its JobState (platform/CovidSpark.Ledger).
global using JobState = CovidSpark.Ledger.JobState;
