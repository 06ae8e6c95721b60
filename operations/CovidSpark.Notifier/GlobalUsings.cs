// The ledger's one contract (platform/CovidSpark.Ledger): its JobState, state wire names and attribute names.
global using CovidSpark.Ledger;
