package dev.suture.control.api;

import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import java.util.Collection;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Makes a misspelt field of a route or policy come back as itself.
 *
 * <p>Jackson builds a record through its constructor and looks at unknown fields only after the constructor has run.
 * The spec records validate in their constructor, so {@code "upstrems"} used to come back as the violation it causes
 * ({@code upstreams must name at least one upstream instance}) rather than as an unknown field. This module checks the
 * field names of each spec object before building it. The price is one buffered copy of each spec object, so it
 * applies to the route and policy records only. Spring Boot registers every Jackson module bean with its mapper.
 */
@Component
class UnknownFieldsFirstModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    private static final Set<String> SPEC_PACKAGES =
            Set.of(RouteSpec.class.getPackageName(), HealingPolicySpec.class.getPackageName());

    UnknownFieldsFirstModule() {
        super("suture-unknown-fields-first");
        setDeserializerModifier(new SpecRecords());
    }

    private static final class SpecRecords extends ValueDeserializerModifier {

        private static final long serialVersionUID = 1L;

        @Override
        public ValueDeserializer<?> modifyDeserializer(
                DeserializationConfig config, BeanDescription.Supplier bean, ValueDeserializer<?> deserializer) {
            Class<?> type = bean.getBeanClass();
            boolean spec = type.isRecord() && SPEC_PACKAGES.contains(type.getPackageName());
            return spec ? new FieldNamesFirst(deserializer) : deserializer;
        }
    }

    private static final class FieldNamesFirst extends DelegatingDeserializer {

        FieldNamesFirst(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new FieldNamesFirst(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            Collection<Object> known = _delegatee.getKnownPropertyNames();
            if (known == null
                    || !parser.isExpectedStartObjectToken()
                    || !context.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)) {
                return _delegatee.deserialize(parser, context);
            }
            TokenBuffer copy = context.bufferAsCopyOfValue(parser);
            rejectUnknownFields(copy, context, known);
            try (JsonParser replay = copy.asParserOnFirstToken(context)) {
                return _delegatee.deserialize(replay, context);
            }
        }

        private void rejectUnknownFields(TokenBuffer copy, DeserializationContext context, Collection<Object> known) {
            try (JsonParser scan = copy.asParserOnFirstToken(context)) {
                for (JsonToken token = scan.nextToken(); token == JsonToken.PROPERTY_NAME; token = scan.nextToken()) {
                    String name = scan.currentName();
                    if (!known.contains(name)) {
                        // Names the field in the exception's path, as Jackson's own check does.
                        throw UnrecognizedPropertyException.from(scan, handledType(), name, known);
                    }
                    scan.nextToken();
                    scan.skipChildren();
                }
            }
        }
    }
}
