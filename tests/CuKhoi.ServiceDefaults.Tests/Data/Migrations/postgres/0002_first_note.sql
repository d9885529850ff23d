-- Depends on 0001: fails if the order is wrong.
INSERT INTO notes (text, text_folded) VALUES ('Dân vận khéo', 'dan van kheo');
