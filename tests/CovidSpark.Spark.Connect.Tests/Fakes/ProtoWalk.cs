using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CovidSpark.Connect.Tests.Fakes;

/// <summary>Walks a protobuf message tree through reflection, so checks reach every nested relation and expression.</summary>
internal static class ProtoWalk
{
    /// <summary>Every message of type <typeparamref name="T"/> in <paramref name="root"/> (itself included), depth first in field order.</summary>
    public static IEnumerable<T> All<T>(IMessage root) where T : IMessage
    {
        if (root is T t) yield return t;
        foreach (var field in root.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message) continue;
            var value = field.Accessor.GetValue(root);
            var children = value switch
            {
                null => [],
                IDictionary map => map.Values.OfType<IMessage>(),
                IList list => list.OfType<IMessage>(),
                IMessage m => [m],
                _ => Enumerable.Empty<IMessage>(),
            };
            foreach (var child in children)
                foreach (var found in All<T>(child))
                    yield return found;
        }
    }

    /// <summary>The field set in the message's first oneof (for Relation, Command, Expression, Literal: which kind it is), or null.</summary>
    public static FieldDescriptor? Case(IMessage message) =>
        message.Descriptor.Oneofs.FirstOrDefault() is { } oneof ? oneof.Accessor.GetCaseFieldDescriptor(message) : null;
}
