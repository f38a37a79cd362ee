-- Each deck's new cards, a cache for `due` and `review` (src/store/today.rs), and the
-- triggers that keep it honest: any change to a card's state or to the cards of a deck
-- forgets that deck's row in the writer's own transaction. Made together, all or none.
CREATE TABLE IF NOT EXISTS deck_new (
    deck TEXT PRIMARY KEY,
    hash INTEGER NOT NULL,  -- xxh3 of the deck's card ids, one per line, when computed
    new  TEXT NOT NULL      -- positions of the new cards in file order, `start-end` half-open ranges
);
CREATE TRIGGER IF NOT EXISTS deck_new_state_insert AFTER INSERT ON card_state
BEGIN
    DELETE FROM deck_new WHERE deck = (SELECT deck FROM cards WHERE card_id = NEW.card_id);
END;
CREATE TRIGGER IF NOT EXISTS deck_new_state_delete AFTER DELETE ON card_state
BEGIN
    DELETE FROM deck_new WHERE deck = (SELECT deck FROM cards WHERE card_id = OLD.card_id);
END;
CREATE TRIGGER IF NOT EXISTS deck_new_state_update AFTER UPDATE OF card_id, state ON card_state
WHEN OLD.card_id IS NOT NEW.card_id OR (OLD.state IN (1, 2, 3)) IS NOT (NEW.state IN (1, 2, 3))
BEGIN
    DELETE FROM deck_new WHERE deck IN (SELECT deck FROM cards WHERE card_id IN (OLD.card_id, NEW.card_id));
END;
CREATE TRIGGER IF NOT EXISTS deck_new_cards_insert AFTER INSERT ON cards
BEGIN
    DELETE FROM deck_new WHERE deck = NEW.deck;
END;
CREATE TRIGGER IF NOT EXISTS deck_new_cards_update AFTER UPDATE OF card_id, deck, id ON cards
BEGIN
    DELETE FROM deck_new WHERE deck IN (OLD.deck, NEW.deck);
END;
CREATE TRIGGER IF NOT EXISTS deck_new_cards_delete AFTER DELETE ON cards
BEGIN
    DELETE FROM deck_new WHERE deck = OLD.deck;
END;
