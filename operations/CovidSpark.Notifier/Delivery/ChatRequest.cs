using CovidSpark.Notifier.Secrets;

namespace CovidSpark.Notifier.Delivery;

/// <summary>
/// One HTTP POST to a chat service, with what the sender needs to retry it safely.
/// </summary>
/// <param name="Destination">The room's name (logs, errors); never the URL.</param>
/// <param name="PaceKey">Posts with the same key are kept <paramref name="MinInterval"/> apart.</param>
/// <param name="MinInterval">Minimum gap between two posts with this key.</param>
/// <param name="Url">Where to post (a secret for webhooks).</param>
/// <param name="Body">The body.</param>
/// <param name="ContentType">The body's media type.</param>
public sealed record ChatRequest(string Destination, string PaceKey, TimeSpan MinInterval, WebhookUrl Url, string Body, string ContentType = "application/json")
{
    /// <summary>A bearer token sent as <c>Authorization</c> (the Slack Web API); never logged.</summary>
    public SecretValue? Bearer { get; init; }

    /// <summary>
    /// Reads a 2xx answer's body (the Slack Web API answers 200 with <c>"ok": false</c> on errors); null accepts every 2xx.
    /// </summary>
    public Func<string, AnswerCheck>? Check { get; init; }

    /// <summary>
    /// After an attempt whose outcome is unknown (the request was sent but no answer came), asks the target whether the
    /// message arrived; returns the answer body to use instead of posting again, or null when it did not arrive.
    /// Null when the target cannot tell (webhooks).
    /// </summary>
    public Func<CancellationToken, Task<string?>>? Confirm { get; init; }

    /// <summary>
    /// A webhook post that was sent whole but got no answer (after <see cref="WebhookRetryPolicy.AnswerTimeout"/>, or the connection
    /// dropped) is counted as delivered, unconfirmed, instead of posted again: a webhook cannot say whether it arrived, and
    /// posting again duplicates it whenever it did (a slow Teams flow, a Slack webhook answering late). The warning log
    /// (7105) names the room. Requests that repeat safely (updates, reads) leave this off and are retried.
    /// </summary>
    public bool NoRepostWhenUnanswered { get; init; }
}

/// <summary>What a 2xx answer's body says.</summary>
/// <param name="Ok">The call succeeded.</param>
/// <param name="Transient">When not ok: trying again later may work.</param>
/// <param name="Problem">When not ok: what went wrong (no secrets).</param>
public readonly record struct AnswerCheck(bool Ok, bool Transient = false, string Problem = "")
{
    /// <summary>Success.</summary>
    public static AnswerCheck Success { get; } = new(true);
}

/// <summary>The answer to a <see cref="ChatRequest"/>.</summary>
/// <param name="Attempts">Attempts it took.</param>
/// <param name="Status">The HTTP status of the answer used (0 when the target confirmed an unanswered post).</param>
/// <param name="Body">The answer body.</param>
/// <param name="Confirmed"><c>true</c> when the answer came from <see cref="ChatRequest.Confirm"/> instead of a post.</param>
/// <param name="Unconfirmed"><c>true</c> when the post was sent but never answered and, per <see cref="ChatRequest.NoRepostWhenUnanswered"/>, not repeated.</param>
public sealed record ChatAnswer(int Attempts, int Status, string Body, bool Confirmed = false, bool Unconfirmed = false);
