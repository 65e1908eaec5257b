package com.mailplatform.smtp.filter;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs every {@link MailFilter} bean in order for one stage. The first REJECT, TEMPFAIL, DISCARD or
 * ACCEPT decides; headers asked for by the filters that continued are collected. A filter that fails is a
 * temporary failure (like Postfix's milter_default_action=tempfail): mail is never accepted unchecked by accident.
 */
@ApplicationScoped
public class FilterChain {

    private static final Logger LOG = Logger.getLogger(FilterChain.class);

    private final List<MailFilter> filters;

    public FilterChain(Instance<MailFilter> beans) {
        List<MailFilter> list = new ArrayList<>();
        beans.forEach(list::add);
        list.sort(Comparator.comparingInt(MailFilter::order));
        this.filters = List.copyOf(list);
    }

    public boolean isEmpty() {
        return filters.isEmpty();
    }

    /** Tells every filter something it cannot answer (abort, close); a filter that throws is logged. */
    public void notify(java.util.function.Consumer<MailFilter> event) {
        for (MailFilter f : filters) {
            try {
                event.accept(f);
            } catch (RuntimeException e) {
                LOG.warnf("filter %s failed: %s", f.getClass().getSimpleName(), e.toString());
            }
        }
    }

    public Uni<Verdict> run(Function<MailFilter, Uni<Verdict>> stage) {
        return next(0, stage, new ArrayList<>(), MessageEdits.NONE);
    }

    private Uni<Verdict> next(int i, Function<MailFilter, Uni<Verdict>> stage, List<String> headers,
                              MessageEdits edits) {
        if (i >= filters.size()) {
            return Uni.createFrom().item(new Verdict(Verdict.Action.CONTINUE, null, List.copyOf(headers), edits));
        }
        MailFilter f = filters.get(i);
        Uni<Verdict> v;
        try {
            v = stage.apply(f);
        } catch (RuntimeException e) {
            v = Uni.createFrom().failure(e);
        }
        return v.onFailure().recoverWithItem(e -> {
                    LOG.warnf("filter %s failed: %s", f.getClass().getSimpleName(), e.toString());
                    return Verdict.tempfail("451 4.7.1 Service unavailable - try again later");
                })
                .flatMap(verdict -> {
                    headers.addAll(verdict.headers());
                    MessageEdits all = edits.then(verdict.edits());
                    if (verdict.action() != Verdict.Action.CONTINUE) {
                        return Uni.createFrom().item(
                                new Verdict(verdict.action(), verdict.reply(), List.copyOf(headers), all));
                    }
                    return next(i + 1, stage, headers, all);
                });
    }
}
