namespace Headroom.Signals.Sources.Demo;

/// <summary>Kubernetes-style pod names: Deployment, pod-template hash, then a random five-character suffix.</summary>
internal sealed class PodNamer
{
    // Kubernetes' suffix alphabet: no vowels and no look-alike digits, so names never spell words.
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int HashLength = 10;
    private const int SuffixLength = 5;

    private readonly Random _random;
    private readonly string _prefix;

    public PodNamer(string deployment, Random random)
    {
        _random = random;
        _prefix = $"{deployment}-{Draw(HashLength)}-";
    }

    /// <summary>A fresh name that <paramref name="isTaken"/> does not reject.</summary>
    public string Next(Func<string, bool> isTaken)
    {
        while (true)
        {
            var name = _prefix + Draw(SuffixLength);
            if (!isTaken(name))
            {
                return name;
            }
        }
    }

    private string Draw(int length) =>
        string.Create(length, _random, static (chars, random) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }
        });
}
