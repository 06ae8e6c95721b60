namespace CovidSpark.Bench.Launcher;

/// <summary>Counts HTTP requests (one per AWS API call, retries included).</summary>
internal sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Gives the DynamoDB SDK client an HttpClient over a <see cref="CountingHandler"/>.</summary>
internal sealed class CountingHttpClientFactory(CountingHandler handler) : Amazon.Runtime.HttpClientFactory
{
    public override HttpClient CreateHttpClient(Amazon.Runtime.IClientConfig clientConfig) => new(handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(Amazon.Runtime.IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(Amazon.Runtime.IClientConfig clientConfig) => false;
}
