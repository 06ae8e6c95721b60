using System.CommandLine;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>Registration helper: a command group file returns its commands; Program adds them with one line.</summary>
public static class CommandExtensions
{
    /// <summary>Adds every command of a group.</summary>
    public static Command AddCommands(this Command parent, IEnumerable<Command> commands)
    {
        foreach (var command in commands) parent.Subcommands.Add(command);
        return parent;
    }
}
