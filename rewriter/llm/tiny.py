"""A tiny, untrained model and tokenizer in a local folder: for tests, benchmarks and smoke tests.

Its output is garbage by design (random weights): it exercises the real loading
and generation path (:class:`~.backend.TransformersBackend`) and the safety
checks, which must reject every paragraph it writes.  Built offline in about a
second with ``tokenizers`` (a byte-level BPE trained on a few Danish sentences)
and ``transformers`` (GPT-2 causal LM, or T5 seq2seq)::

    python -m rewriter.llm.tiny /tmp/tiny-model            # then: rewriter rewrite brev.txt --mode llm --model /tmp/tiny-model
    python -m rewriter.llm.tiny /tmp/tiny-t5 --seq2seq
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

SENTENCES = [
    "Du skal komme til en samtale på jobcentret mandag den 7. december 2026 kl. 10.00.",
    "Hvis du ikke kommer, kan vi trække penge fra din kontanthjælp.",
    "Ring til os på tlf. 46 31 00 12, hvis du er syg eller ikke kan komme.",
    "Du har ret til at tage en bisidder med til samtalen.",
    "Vi har besluttet at trække 1.234,50 kr. i din kontanthjælp efter § 37 i lov om aktiv socialpolitik.",
    "Du kan klage over afgørelsen inden 4 uger. Send klagen til kommunen.",
    "Skriv afsnittet om til klart og venligt dansk. Bevar hver pladsholder som ⟦F1⟧ og ⟦F2⟧.",
    "Omskrevet afsnit: Du skal svare senest den 14. december 2026.",
]
CHAT_TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}\n{% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|>\n{% endif %}")


def build_tiny_model(directory: str | os.PathLike, *, seq2seq: bool = False, chat: bool = True, seed: int = 0,
                     vocab_size: int = 400) -> Path:
    """Write a tiny random model and its tokenizer to ``directory`` (created) and return the path."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    specials = ["<unk>", "<pad>", "<eos>"]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(SENTENCES, trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>", eos_token="<eos>")
    if chat and not seq2seq:
        fast.chat_template = CHAT_TEMPLATE
    torch.manual_seed(seed)
    pad, eos = fast.pad_token_id, fast.eos_token_id
    if seq2seq:
        from transformers import T5Config, T5ForConditionalGeneration

        config = T5Config(vocab_size=len(fast), d_model=32, d_kv=16, d_ff=64, num_layers=1, num_decoder_layers=1,
                          num_heads=2, pad_token_id=pad, eos_token_id=eos, decoder_start_token_id=pad)
        model = T5ForConditionalGeneration(config)
    else:
        from transformers import GPT2Config, GPT2LMHeadModel

        config = GPT2Config(vocab_size=len(fast), n_positions=4096, n_embd=32, n_layer=1, n_head=2,
                            bos_token_id=eos, eos_token_id=eos, pad_token_id=pad)
        model = GPT2LMHeadModel(config)
    model.save_pretrained(out)
    fast.save_pretrained(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rewriter.llm.tiny",
                                     description="Byg en lille, utrænet testmodel i en lokal mappe.")
    parser.add_argument("directory")
    parser.add_argument("--seq2seq", action="store_true", help="T5 i stedet for GPT-2")
    args = parser.parse_args(argv)
    from rewriter.llm.backend import require_packages

    require_packages()
    print(build_tiny_model(args.directory, seq2seq=args.seq2seq))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
