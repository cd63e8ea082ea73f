using System.CommandLine;
using SalesOpsBot.Cli;
using SalesOpsBot.Cli.Commands;

// `salesops`: the command line of ../shared/specs/cli-and-answer.md. Exit codes: 0 answered,
// 1 a user error (one line on stderr), 2 an internal failure (no stack trace unless SALESOPS_DEBUG=1).
var time = TimeProvider.System;
var root = new RootCommand("SalesOpsBot: answers sales leaders' questions from the sales warehouse.")
{
    CliContext.DbOption,
    CliContext.AsOption,
    CliContext.AsOfOption,
    AssistantSetup.AccessOption,
};

root.Subcommands.Add(SeedCommand.Create(time));
root.Subcommands.Add(ImportCommand.Create(time));
root.Subcommands.Add(AskCommand.Create(time));
root.Subcommands.Add(ChatCommand.Create(time));
root.Subcommands.Add(DoctorCommand.Create(time));
root.Subcommands.Add(BenchCommand.Create(time));
root.Subcommands.Add(DigestCommand.Create(time));

return await root.Parse(args).InvokeAsync();
