using Microsoft.SemanticKernel;
using SalesOpsBot.Conversation.Plugins;

namespace SalesOpsBot.Conversation.Llm;

/// <summary>
/// Complete mediation of one turn's automatic function calls: only the sales plugin's functions run, and the loop
/// ends once the call or round budget is spent (a model that keeps calling tools, or is told to by text in the data).
/// </summary>
internal sealed class ToolBudget(int maxCalls, int maxRounds) : IAutoFunctionInvocationFilter
{
    private int _calls;

    /// <summary>Set when the budget ended the loop: the last message is then a tool result, not the model's text.</summary>
    public bool Exhausted { get; private set; }

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        if (!string.Equals(context.Function.PluginName, SalesPlugin.Name, StringComparison.Ordinal))
        {
            context.Result = new FunctionResult(context.Function, ToolResult.Error("No such function."));
            return;
        }

        _calls++;
        if (_calls > maxCalls || context.RequestSequenceIndex >= maxRounds)
        {
            Exhausted = true;
            context.Result = new FunctionResult(context.Function, ToolResult.Error("The function budget of this question is spent."));
            context.Terminate = true;
            return;
        }

        await next(context);
    }
}
