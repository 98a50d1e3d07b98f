namespace BatchScoring.Infra.Tests;

/// <summary>What one bicep CLI run printed and returned.</summary>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError);
